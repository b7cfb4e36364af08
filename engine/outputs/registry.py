"""The one list of what `audit run` writes under OUT. A new output is one more entry here.

The order is the order of the file names in the terminal's closing line; the files themselves
all reach OUT together at the end of the run.
"""

from __future__ import annotations

from .checklist import Checklist
from .findings_json import FindingsJson
from .html import Html
from .markdown import Reports
from .protocol import Output
from .sarif import Sarif

OUTPUTS: tuple[Output, ...] = (FindingsJson(), Sarif(), Checklist(), Reports(), Html())
