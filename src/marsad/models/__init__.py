"""Model files produced by the scripts in training/; loaded with importlib.resources."""
