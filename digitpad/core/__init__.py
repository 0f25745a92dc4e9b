"""Headless engine: data, preprocessing, models, training, checkpoints. Never imports Qt."""
