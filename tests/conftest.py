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


@pytest.fixture(scope="session", autouse=True)
def _parse_cache(tmp_path_factory):
    """`audit run` keeps parsed reports in a cache file: the tests' runs keep theirs apart from the
    user's (subprocesses inherit the variable)."""
    import os

    os.environ["AUDIT_CACHE"] = str(tmp_path_factory.mktemp("cache") / "parsed.sqlite3")
