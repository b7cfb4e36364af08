"""How long reading one file may take: an alarm in the reading process's main thread, which a
reader of pictures (OCR, seconds a page) may push back page by page."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

from .unreadable import Unreadable

_ARMED: list[float] = []  # the limits of the time_limit blocks now open, innermost last


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Give up on a file that takes too long to read (a pathological PDF, a huge page).
    The alarm works in a process's main thread, which is where every file is read."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> NoReturn:
        raise Unreadable(f"读取文件超过 {_ARMED[-1] if _ARMED else seconds:g} 秒仍未完成，已放弃。")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    _ARMED.append(seconds)
    try:
        yield
    finally:
        _ARMED.pop()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def more_time(seconds: float) -> None:
    """Push the running limit back by `seconds` (a page more to read with OCR); nothing outside a limit."""
    if not _ARMED or threading.current_thread() is not threading.main_thread():
        return
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    if left > 0:
        signal.setitimer(signal.ITIMER_REAL, left + seconds)
        _ARMED[-1] += seconds
