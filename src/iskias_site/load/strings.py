"""The Danish strings of the generator and the templates, read from one locale file."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def available_languages() -> tuple[str, ...]:
    """The languages the generator has a locale file for, e.g. ('da',)."""
    folder = resources.files("iskias_site").joinpath("locale")
    return tuple(sorted(p.name.removesuffix(".yml") for p in folder.iterdir() if p.name.endswith(".yml")))


def load_strings(language: str = "da") -> dict[str, Any]:
    """The locale file for `language` as a nested mapping."""
    text = resources.files("iskias_site").joinpath("locale", f"{language}.yml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # our own file: the fast loader
