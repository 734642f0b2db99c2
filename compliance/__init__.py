"""compliance: sovereignty and security referentials evaluated against sourced provider profiles."""

__version__ = "0.1.0"
