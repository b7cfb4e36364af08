"""Line numbers for YAML keys, so that a bad rule or config file is reported as `file:line: key`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is much faster where installed


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def load_with_positions(text: str) -> tuple[Any, yaml.Node | None]:
    """(data, root node). Syntax errors and duplicate keys raise YamlProblem."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        root = None
    try:
        if root is None:  # the pure-Python parser says more precisely what is wrong
            root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise YamlProblem(mark.line + 1 if mark else None, f"YAML 语法错误：{getattr(exc, 'problem', exc)}") from None
    if root is not None:
        _no_duplicate_keys(root)
    return yaml.load(text, Loader=_LOADER), root


def _no_duplicate_keys(node: yaml.Node) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            k = key.value
            if k in seen:
                raise YamlProblem(key.start_mark.line + 1, f"{k}: 键重复出现（第 {seen[k]} 行已有）")
            seen[k] = key.start_mark.line + 1
            _no_duplicate_keys(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _no_duplicate_keys(item)


def line_of(root: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """The line of the node at `loc` (keys and list indexes); path elements that are not in
    the document (pydantic's union tags, a missing key) are skipped, giving the nearest parent."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(part):
                    node, line = value, key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
    return line
