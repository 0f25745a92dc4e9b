"""The training options a user chooses from (optimizers, schedules, precisions), without importing torch: the
command line's parser and the Training panel's first paint need them before torch has loaded."""

from __future__ import annotations

OPTIMIZERS = ("adamw", "adam", "sgd")
SCHEDULES = ("onecycle", "cosine", "constant")
PRECISIONS = ("auto", "fp32", "bf16")
