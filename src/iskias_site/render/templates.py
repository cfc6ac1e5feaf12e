"""The Jinja2 environment (autoescape everywhere, StrictUndefined) and whole pages in memory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup


def make_environment(templates: Path, strings: dict[str, Any], compiled: Path | None = None) -> jinja2.Environment:
    """Templates from `templates`; compiled ones kept in `compiled` (keyed by their source) if given."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(compiled)) if compiled is not None else None,
        autoescape=True,  # every template, whatever its file ending
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: templates do not change during it
    )
    env.filters["danish_date"] = lambda value: danish_date(value, strings["months"])
    env.filters["html"] = Markup  # for fragments our own Markdown pipeline produced
    env.globals["t"] = strings
    env.policies["json.dumps_kwargs"] = {"sort_keys": False, "ensure_ascii": False, "separators": (",", ":")}  # JSON-LD: no spaces
    return env


def danish_date(value: dt.date | None, months: list[str]) -> str:
    """2026-11-26 -> '26. november 2026'."""
    if value is None:
        return ""
    return f"{value.day}. {months[value.month - 1]} {value.year}"


def render_page(env: jinja2.Environment, template: str, **context: Any) -> str:
    return env.get_template(template).render(**context)
