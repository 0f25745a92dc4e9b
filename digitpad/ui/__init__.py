"""digitpad's desktop window (PySide6 + pyqtgraph). Nothing here is imported by `digitpad.core`."""

import os

# pyqtgraph picks its Qt binding on import; make sure it is the one the window uses.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
