import pytest

from tests.samples import sample


@pytest.fixture(scope="session")
def parsed():
    """The five shipped samples, parsed once per session."""
    from engine.parse import parse_file

    cache = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = parse_file(sample(prefix))
        return cache[prefix]

    return get
