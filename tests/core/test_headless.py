"""The core engine must run where Qt cannot even be imported (servers, CI, the CLI)."""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            top = name.split(".")[0]
            if top in ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6") or name.startswith("digitpad.ui"):
                raise ImportError(f"{name} is forbidden in the core")
            return None

    sys.meta_path.insert(0, NoQt())
    import digitpad.core
    for module in pkgutil.walk_packages(digitpad.core.__path__, "digitpad.core."):
        importlib.import_module(module.name)
    import digitpad.cli
    print("ok", sorted(m for m in sys.modules if m.startswith("digitpad.core.")))
    """
)


def test_core_imports_without_qt():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "digitpad.core.training.loop" in result.stdout and "digitpad.core.models.checkpoint" in result.stdout
