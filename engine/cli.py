"""The `audit` command: parse one report, run the rules over a folder, work with rule files."""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

from . import __version__
from .cache import default_location

if TYPE_CHECKING:
    from .ruleset import RuleSet

# The engine is imported by the command that needs it, not here: `audit --help` and a mistyped
# option answer at once, without loading the parser, the rules and their libraries.


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


# argparse's own messages, in Chinese: (pattern of the English message, Chinese).
_MESSAGES = [
    (r"the following arguments are required: (.+)", r"缺少必填的参数：\1"),
    (r"unrecognized arguments: (.+)", r"不认识的参数：\1"),
    (r"argument (.+?): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1 的取值 \2 不在允许范围内（可选：\3）"),
    (r"argument (.+?): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (.+?): invalid .+? value: (.+)", r"参数 \1 的取值 \2 无效"),
    (r"argument (.+?): (.+)", r"参数 \1：\2"),
]


class _Parser(argparse.ArgumentParser):
    """argparse speaking Chinese: its titles, its help option and its error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示此帮助并退出")

    def error(self, message: str) -> NoReturn:
        for pattern, chinese in _MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, chinese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="audit", description="政府信息公开工作年度报告审核工具")
    parser.add_argument("--version", action="version", version=f"audit {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令", parser_class=_Parser)

    p = sub.add_parser("parse", help="解析一份报告，输出 JSON 模型")
    p.add_argument("file")
    p.add_argument("--verbose", action="store_true", help="显示所用程序库（如读取 PDF 的库）的提示信息")

    r = sub.add_parser("run", help="审核一个文件夹中的全部报告")
    r.add_argument("folder", type=Path, help="报告所在文件夹（含子文件夹；第一级子文件夹作为分组）")
    r.add_argument("--out", type=Path, default=Path("audit_out"), help="输出目录（默认：audit_out/）")
    r.add_argument("--rules", action="append", type=Path, default=[],
                   help="另加的规则目录（可重复；国家规则照常运行）")
    r.add_argument("--no-default-rules", action="store_true", help="不运行国家规则，只运行 --rules 和配置文件中的规则")
    r.add_argument("--config", type=Path, help="配置文件（默认：当前目录的 audit.yaml 或 pyproject.toml）")
    r.add_argument("--jobs", type=_positive, help="并行进程数（默认：CPU 核数）")
    r.add_argument("--fail-on", choices=["error", "warning", "never"], default="error",
                   help="有此级别及以上的问题时退出码为 1（默认：error）")
    r.add_argument("--history", action="append", type=Path, default=[], metavar="DIR",
                   help="历史报告文件夹（可重复）：往年的报告，只用于跨年度比较和内容雷同比较，不审核")
    r.add_argument("--roster", type=Path, metavar="FILE",
                   help="单位名单（CSV、XLSX 或 YAML，列：分组、单位、别名、单位类型）：查出未报送的单位")
    r.add_argument("--year", type=_year, help="按名单核对哪一年度的报告（默认：多数报告所属的年度）")
    r.add_argument("--no-cache", action="store_true",
                   help=f"不使用解析缓存，全部重新解析（缓存位置：{default_location()}，可用环境变量 AUDIT_CACHE 指定）")
    r.add_argument("--baseline", type=Path, metavar="FILE",
                   help="已接受的问题（基线，由 audit baseline 生成）：其中的问题标为“已接受”，不计入结论和退出码")
    r.add_argument("--explain-passes", action="store_true",
                   help="在每份报告的审核结果中列出满足必备内容规则的原文句子（findings.json 中为 passes）")
    r.add_argument("--quiet", action="store_true", help="不输出任何内容")
    r.add_argument("--verbose", action="store_true", help="显示所用程序库（如读取 PDF 的库）的提示信息")

    b = sub.add_parser("baseline", help="把一次审核的全部问题写成基线文件（已接受的问题），供 audit run --baseline 使用")
    b.add_argument("findings", type=Path, help="audit run 写出的 findings.json")
    b.add_argument("--out", type=Path, default=Path("baseline.yaml"),
                   help="基线文件（默认：baseline.yaml）；已存在时保留其中同一问题已写的理由")

    rules = sub.add_parser("rules", help="查看、检查审核规则")
    rsub = rules.add_subparsers(dest="action", required=True, metavar="操作", parser_class=_Parser)
    for name, text in (("list", "列出规则"), ("docs", "输出规则文档（Markdown）"),
                       ("guide", "输出编写规则的说明（Markdown，含各检查类型的参数）")):
        r = rsub.add_parser(name, help=text)
        _rule_options(r)
    r = rsub.add_parser("explain", help="说明一条规则")
    r.add_argument("rule_id")
    _rule_options(r)
    r = rsub.add_parser("check", help="检查 audit run 会用到的全部规则（含配置），并运行每条规则的示例")
    r.add_argument("dirs", nargs="*", type=Path, help="另加的规则目录（同 --rules）")
    _rule_options(r)
    rsub.add_parser("schema", help="输出规则文件的 JSON Schema")

    args = parser.parse_args(argv)
    quiet_libraries(getattr(args, "verbose", False))
    from .ruleset import RuleError
    from .runner import UsageError

    try:
        if args.command == "parse":
            return _parse(args.file)
        if args.command == "run":
            from .runner import Comparison, run

            signal.signal(signal.SIGTERM, _terminated)
            comparison = Comparison(tuple(args.history), args.roster, args.year, no_cache=args.no_cache)
            return run(args.folder, args.out, args.rules, args.config, args.jobs, args.fail_on, args.quiet,
                       default_rules=not args.no_default_rules, comparison=comparison,
                       explain_passes=args.explain_passes, baseline=args.baseline)
        if args.command == "rules":
            return _rules(args)
        if args.command == "baseline":
            return _baseline(args.findings, args.out)
    except RuleError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 2
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 2


def quiet_libraries(verbose: bool) -> None:
    """What the libraries log (pdfminer: `Could not get FontBBox …`, once per file) is no message
    for a reviewer: shown only with --verbose. Worker processes inherit this, or set it again."""
    import logging

    root = logging.getLogger()
    if verbose:
        if not root.handlers:
            logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    elif not root.handlers:
        root.addHandler(logging.NullHandler())  # handled, so Python's last-resort printer stays silent


def _terminated(signum: int, frame: FrameType | None) -> None:
    # As for Ctrl-C: unwind, so that `audit run` removes its staging folder and leaves OUT as it was.
    raise SystemExit(128 + signum)


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"应为正整数，而不是“{text}”")
    return n


def _year(text: str) -> int:
    if not re.fullmatch(r"(19|20)\d\d", text.strip()):
        raise argparse.ArgumentTypeError(f"应为四位年份（如 2023），而不是“{text}”")
    return int(text)


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", type=Path, help="另加的规则目录（可重复；国家规则照常运行）")
    p.add_argument("--no-default-rules", action="store_true", help="不运行国家规则，只运行 --rules 和配置文件中的规则")
    p.add_argument("--config", type=Path, help="配置文件（默认：当前目录的 audit.yaml 或 pyproject.toml）")


def _baseline(findings: Path, out: Path) -> int:
    from .baseline import BaselineError, write_baseline
    from .runner import UsageError

    try:
        written, kept = write_baseline(findings, out)
    except BaselineError as exc:
        raise UsageError("\n".join(exc.problems)) from None
    kept_note = f"，保留了原有的理由 {kept} 条" if kept else ""
    print(f"已写入基线 {out}：{written} 项问题{kept_note}。请在每一项的“理由”中写明为什么接受，"
          f"不接受的项删去；审核时使用 audit run … --baseline {out}")
    return 0


def _parse(path: str) -> int:
    from .load import Unreadable
    from .parse import parse_file

    try:
        report = parse_file(path)
    except Unreadable as exc:
        print(f"{path}: {exc.reason}", file=sys.stderr)
        return 2
    json.dump(report.contract(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _rules(args: argparse.Namespace) -> int:
    from .config import build_ruleset
    from .findings import SEVERITY_ZH
    from .ruledocs import explain, rules_markdown, writing_rules
    from .ruleset import RuleFile

    if args.action == "schema":
        json.dump(RuleFile.model_json_schema(by_alias=True), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if args.action == "check":
        return _check(build_ruleset(args.config, (args.rules or []) + args.dirs, default_rules=not args.no_default_rules))
    ruleset = build_ruleset(args.config, args.rules, default_rules=not args.no_default_rules)
    if args.action == "list":
        from tabulate import tabulate

        rows = [(r.id, r.category, SEVERITY_ZH[r.severity], r.title) for r in ruleset.rules]
        print(tabulate(rows, headers=["规则", "类别", "级别", "说明"]))
        return 0
    if args.action == "docs":
        sys.stdout.write(rules_markdown(ruleset.rules))
        return 0
    if args.action == "guide":
        sys.stdout.write(writing_rules())
        return 0
    rule = ruleset.by_id.get(args.rule_id)
    if rule is None:
        print(f"没有规则“{args.rule_id}”。可用：{', '.join(ruleset.by_id)}", file=sys.stderr)
        return 2
    sys.stdout.write(explain(rule))
    return 0


def _check(ruleset: RuleSet) -> int:
    """Every example of every rule that `audit run` would use. An example of a rule that the
    configuration changed may come out otherwise than its file says: that is reported as the
    configuration's doing, not as a broken rule."""
    from .examples import run_example

    failed = changed = 0
    total = 0
    for rule in ruleset.rules:
        original = ruleset.originals.get(rule.id)
        for example in rule.examples:
            total += 1
            result = run_example(rule, example)
            if result.ok:
                continue
            if original is not None and run_example(original, example).ok:
                changed += 1
                print(f"{rule.id}（示例“{example.name}”）：配置改变了此示例的结果（规则文件本身没有问题）："
                      + "；".join(result.problems))
                continue
            failed += 1
            for problem in result.problems:
                print(f"{rule.id}（示例“{example.name}”）：{problem}")
    note = f"，{changed} 个因配置而结果不同" if changed else ""
    print(f"{len(ruleset.rules)} 条规则，{total} 个示例，{failed} 个未通过{note}。")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
