"""A file of the user's (rules, configuration, roster, baseline) that cannot be used: every problem
found in it, each a Chinese line `file:line: where: what`, so that one run shows them all."""

from __future__ import annotations


class FileProblems(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems
