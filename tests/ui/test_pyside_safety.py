"""Guard against the PySide6 6.12.0 / Python 3.11 bug that aborts drawing apps ("deallocating None").

Every call of a method returning nothing dropped one reference to None; after enough calls the interpreter
aborts. The check runs in a subprocess so that a broken combination fails this test instead of killing pytest.
"""

import subprocess
import sys
import textwrap

CALLS = 200_000

SCRIPT = textwrap.dedent(
    f"""
    import os, sys
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage, QPainter, QPen
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication([])
    widget = QWidget()
    image = QImage(64, 64, QImage.Format.Format_Grayscale8)
    painter = QPainter(image)
    painter.setPen(QPen())
    before = sys.getrefcount(None)
    for i in range({CALLS} // 2):
        widget.update()  # returns None
        painter.drawLine(QPointF(0, 0), QPointF(i % 64, 63))  # returns None
    painter.end()
    after = sys.getrefcount(None)
    print("none refcount drift", before - after)
    """
)


def test_void_qt_calls_do_not_leak_references_to_none():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"Qt calls crashed the interpreter:\n{result.stderr[-2000:]}"
    drift = int(result.stdout.split("drift")[1])
    assert drift < 1000, f"{drift} references to None were lost over {CALLS} calls"
