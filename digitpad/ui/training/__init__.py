"""The Training panel: its options and their settings, and the live plots; the run itself is core `training.runs`."""
