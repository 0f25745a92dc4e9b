"""The Training panel: options, the training job, live plots."""
