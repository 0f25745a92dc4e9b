"""The user's own labelled drawings: the store in a folder and its file format."""
