"""OUT/findings.json (CONTRACT.md section 2)."""

from __future__ import annotations

import json

from .. import __version__


def findings_json(results) -> str:
    data = {
        "tool": {"name": "audit", "version": __version__},
        "reports": [r.model_dump(mode="json") for r in results],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
