"""Where the shipped samples are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "reports_in"


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))
