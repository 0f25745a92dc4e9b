"""From a drawing or a picture to the 28x28 model input, and the quick-check game that scores drawings."""
