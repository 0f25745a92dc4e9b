"""Python's cyclic garbage collection, run only in the GUI thread.

The collector runs in whichever thread happens to allocate. If that is the training thread and the garbage holds
widgets (a closed dialog, a replaced view), their destructors run there and Qt deadlocks or crashes (seen in this
project's UI tests). While the window lives, automatic collection is off and a timer collects in the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadGarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._threshold = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        """The same generational schedule as the automatic collector, from the GUI thread."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._threshold[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        """Collect once more and hand collection back to Python as it was before."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
