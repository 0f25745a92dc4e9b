"""Work off the GUI thread: threads for torch, garbage collection in the GUI thread."""
