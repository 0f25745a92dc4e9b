"""Live prediction: the model catalog, the predictor, the answer view, the quick check."""
