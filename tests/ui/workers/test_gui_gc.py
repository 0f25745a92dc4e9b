import gc

from digitpad.ui.workers.gui_gc import GuiThreadGarbageCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_happens_on_the_gui_timer_and_is_handed_back(qtbot):
    was, threshold = gc.isenabled(), gc.get_threshold()
    gc.enable()
    try:
        collector = GuiThreadGarbageCollector(interval_ms=10)
        assert not gc.isenabled(), "automatic collection could run in a worker thread"
        collector._threshold = (1, 1, 1)  # collect at the next tick
        collected = []

        class Tracked(_Cycle):
            def __del__(self) -> None:
                collected.append(True)

        Tracked()
        qtbot.waitUntil(lambda: bool(collected), timeout=2000)
        collector.stop()
        assert gc.isenabled()
    finally:
        gc.set_threshold(*threshold)
        if not was:
            gc.disable()
