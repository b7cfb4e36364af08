"""audit: a rule engine for 政府信息公开工作年度报告.

The pipeline, one module per step, each knowing only the one before it:
load -> normalise -> segment -> meta -> tokenize -> align -> model (parse.py ties them)
-> rules -> findings -> outputs.
"""

__version__ = "0.1.0"
