"""digitpad: draw a digit and see what neural networks make of it."""

__version__ = "0.1.0"
