"""The `audit` command."""

from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .load import Unreadable
from .parse import parse_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="audit", description="政府信息公开工作年度报告审核工具")
    parser.add_argument("--version", action="version", version=f"audit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="解析一份报告，输出 JSON 模型")
    p.add_argument("file")
    args = parser.parse_args(argv)
    if args.command == "parse":
        return _parse(args.file)
    return 2


def _parse(path: str) -> int:
    try:
        report = parse_file(path)
    except Unreadable as exc:
        print(f"{path}: {exc.reason}", file=sys.stderr)
        return 2
    json.dump(report.contract(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
