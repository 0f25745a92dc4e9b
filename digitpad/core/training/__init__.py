"""Training, fine-tuning and evaluation: plain functions that any front end (CLI or window) drives."""
