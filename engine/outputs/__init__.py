"""What `audit run` writes: findings.json, findings.sarif, one Markdown report per input,
checklist.md and checklist.xlsx, and the summary in the terminal.

Each file output follows `protocol.Output` and is listed once, in `registry.OUTPUTS`;
`staging` writes them all into OUT, or none.
"""
