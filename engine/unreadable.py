"""The one error a reader of input files raises: the file cannot be audited, and why."""


class Unreadable(Exception):
    """The file cannot be audited. `reason` is a Chinese sentence for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
