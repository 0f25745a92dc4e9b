"""The canvas, its controls, and the 28x28 model input it produces."""
