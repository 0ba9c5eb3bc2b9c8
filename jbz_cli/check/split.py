"""Check a long list of files on two CPUs: a forked child takes the second half, the parent the first.

Each file's diagnostics depend only on that file and its folder, so the halves are independent, and joining
the child's result after the parent's keeps the output in the same order as one process gives. Only the
diagnostics cross the pipe (pickled), which for clean records is a few bytes. When the child fails in any way
(killed, out of memory, an exception), the parent checks the second half itself: a split never changes what is
reported, only how long it takes. Where `os.fork` is missing (Windows) or the caller asks for one worker, the
whole list runs in this process.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar

from jbz_cli.check.diagnostics import CheckResult
from jbz_cli.store.forked import in_two

T = TypeVar("T")

MIN_SPLIT = 2_000  # files; below this the fork and the pickling cost more than the second CPU saves


def checked_in_two(
    items: Sequence[T], work: Callable[[Sequence[T]], CheckResult], workers: int, min_split: int = MIN_SPLIT
) -> CheckResult:
    """`work(items)`, with the second half done by a forked child when `workers` > 1 and there are `min_split`
    items or more."""
    if workers < 2 or len(items) < min_split or not hasattr(os, "fork"):
        return work(items)
    half = len(items) // 2
    first, data = in_two(items, half, work, lambda part: pickle.dumps(work(part), protocol=pickle.HIGHEST_PROTOCOL))
    second = pickle.loads(data) if data is not None else work(items[half:])
    return CheckResult(first.diagnostics + second.diagnostics, first.files + second.files)
