"""iskias-site: a static-site generator for Danish patient information."""

__version__ = "0.1.0"
