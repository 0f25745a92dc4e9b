"""The Runs view: the recorded runs in a sortable table, their curves overlaid, and one run's weights and gradients
over time."""
