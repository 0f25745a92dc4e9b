"""Left only for `digitpad.ui.my_digits.panel`, which still imports `DataLoader` from here.

The fine-tuning job now lives in core (`digitpad.core.training.fine_tune`: `FineTuneJob`, `run_fine_tune`,
`fine_tuned_checkpoint`) and runs through `JobRunner`; `DataLoader` is `digitpad.core.training.runs`'. Once the
panel imports it from there, delete this module.
"""

from __future__ import annotations

from digitpad.core.training.runs import DataLoader

__all__ = ["DataLoader"]
