"""Custom NLU components used by config.yml."""
