"""The analyst-facing vocabulary: rule sets and provider profiles as they are written in YAML."""
