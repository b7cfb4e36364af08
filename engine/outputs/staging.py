"""All of a run's outputs or none of them.

OUT is checked before any work; every output is then written into a staging folder inside OUT
(the same file system, so moving into place is a rename) and moved into place only when all of
them have finished. A failure or an interruption leaves OUT as it was, with no staging folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from .protocol import Target

STAGING = ".audit-staging"  # a fixed name: what a killed run leaves behind, the next run clears
LEGACY = (".reports.new",)  # what earlier versions left behind after a failed run


class Refused(Exception):
    """OUT cannot take this run's outputs; the message, in Chinese, says why."""


def check_out(out: Path, targets: Iterable[Target], inputs: Path | None = None) -> None:
    """Refuse, without writing anything, an OUT that is not a folder, or that holds, where audit
    is about to write, something it did not write itself (or the reports being audited)."""
    existing = out
    while not os.path.lexists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise Refused(f"{existing}: 是文件而不是文件夹，不能作为输出目录；请换一个输出目录。")
    if not out.is_dir():
        return  # created later, empty
    inside = inputs.resolve() if inputs is not None else None
    for target in targets:
        dest = out / target.name
        if not os.path.lexists(dest):
            continue
        if not target.folder:
            if dest.is_dir():
                raise Refused(f"{dest} 是文件夹，不是本工具生成的文件，未覆盖；请换一个输出目录。")
            continue
        if not dest.is_dir():
            raise Refused(f"{dest} 不是本工具生成的文件夹，未覆盖；请换一个输出目录。")
        if inside is not None and inside.is_relative_to(dest.resolve()):
            raise Refused(f"{dest} 中有要审核的报告，不能作为输出目录；请换一个输出目录。")
        foreign = next((p for p in sorted(dest.rglob("*"))
                        if not p.is_dir() and not p.name.endswith(target.suffixes)), None)
        if foreign is not None:
            raise Refused(f"{dest} 中有不是本工具生成的文件（如 {foreign.relative_to(dest)}），未覆盖；"
                          "请换一个输出目录。")


class Staging:
    """The future OUT, built inside the present one: `new` holds the targets as the outputs write
    them; `commit` swaps them in. Use as a context manager: leaving it removes the staging folder,
    and, if nothing was committed, the folders it created for OUT."""

    def __init__(self, out: Path, targets: Iterable[Target]) -> None:
        self.out = out
        self.targets = tuple(targets)
        names = [t.name for t in self.targets]
        if len(set(names)) != len(names):
            raise ValueError(f"two outputs write the same target: {sorted(n for n in names if names.count(n) > 1)}")
        self.root = out / STAGING
        self.new = self.root / "new"
        self.created: list[Path] = []
        self.committed = False

    def __enter__(self) -> Staging:
        missing = []
        folder = self.out
        while not os.path.lexists(folder) and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        try:
            for folder in reversed(missing):
                folder.mkdir()
                self.created.append(folder)
            _remove(self.root)  # left by a run that was killed
            self.new.mkdir(parents=True)
        except OSError as exc:
            self._discard()
            raise Refused(f"{self.out}: 无法写入（{exc.strerror}）；请换一个输出目录。") from exc
        return self

    def commit(self) -> None:
        """Move every target into OUT. The old ones are set aside first and put back if a move
        fails, so OUT never holds part of this run beside part of the last."""
        absent = [t.name for t in self.targets if not os.path.lexists(self.new / t.name)]
        if absent:
            raise RuntimeError(f"outputs did not write {', '.join(absent)}")
        old = self.root / "old"
        old.mkdir()
        set_aside: list[str] = []
        placed: list[str] = []
        try:
            for target in self.targets:
                dest = self.out / target.name
                if os.path.lexists(dest):
                    os.rename(dest, old / target.name)
                    set_aside.append(target.name)
                os.rename(self.new / target.name, dest)
                placed.append(target.name)
        except BaseException:
            for name in reversed(placed):
                os.rename(self.out / name, self.new / name)
            for name in reversed(set_aside):
                os.rename(old / name, self.out / name)
            raise
        self.committed = True
        for name in LEGACY:
            _remove(self.out / name)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.committed:
            _remove(self.root)
        else:
            self._discard()

    def _discard(self) -> None:
        """Undo everything: best effort, so that the error that brought us here is the one shown."""
        try:
            _remove(self.root)
        except OSError:
            pass
        for folder in reversed(self.created):
            try:
                folder.rmdir()  # only if still empty: never someone else's files
            except OSError:
                break


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
