"""The command-line commands (`digitpad train|eval|predict`); `digitpad.cli` parses the arguments and runs them."""
