"""The model zoo (architectures and their default training recipes) and the checkpoint file format."""
