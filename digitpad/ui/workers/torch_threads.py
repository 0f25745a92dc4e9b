"""How many CPU threads torch may use in the app.

torch's intra-op thread count is one setting for the whole process. Interactive work (one 28x28 image per pen
move) gains nothing from several threads and, on a busy machine, waits on them: with two threads on two loaded
cores, single predictions were measured here at a p95 of ~400 ms instead of a few ms. So the window predicts with
one thread, and training or evaluation raise the count to every core while they run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import torch

_lock = threading.Lock()
_heavy_jobs = 0


def for_interaction() -> None:
    """One thread while nothing heavy runs (called once by the window)."""
    with _lock:
        if _heavy_jobs == 0:
            torch.set_num_threads(1)


@contextmanager
def heavy_work() -> Iterator[None]:
    """Every core for the duration of a training or evaluation job, then back to one when the last one ends."""
    global _heavy_jobs
    with _lock:
        _heavy_jobs += 1
        torch.set_num_threads(os.cpu_count() or 1)
    try:
        yield
    finally:
        with _lock:
            _heavy_jobs -= 1
            if _heavy_jobs == 0:
                torch.set_num_threads(1)
