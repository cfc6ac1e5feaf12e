"""YAML mappings read with the line of every key, strictly: safe tags only, no duplicate keys, no aliases.

Used for `site.yml` and for the front matter of content files. Values YAML would silently
turn into something else (`no` -> False, `2026-13-45`) are caught by `check_fields`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostics


@dataclass(frozen=True)
class Value:
    """A value from a YAML mapping and the 1-based line of its key in the editor's file."""

    value: Any
    line: int
    plain: bool  # written without quotes (YAML guessed its type)


@dataclass(frozen=True)
class FieldSpec:
    """What one key of a mapping must hold."""

    kind: type | tuple[type, ...]
    required: bool = False
    hint: str = ""


def load_mapping(
    text: str, path: Path, first_line: int, diags: Diagnostics
) -> dict[str, Value] | None:
    """Parse `text` (which starts at line `first_line` of `path`) into key -> Value, or report why not."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        diags.error(path, _yaml_error_line(exc, first_line), f"YAML could not be read: {_yaml_problem(exc)}")
        return None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        diags.error(path, node.start_mark.line + first_line, "expected 'key: value' lines")
        return None
    return _mapping_values(node, text, path, first_line, diags)


def _mapping_values(
    node: yaml.MappingNode, text: str, path: Path, first_line: int, diags: Diagnostics
) -> dict[str, Value] | None:
    constructor = yaml.SafeLoader("")
    values: dict[str, Value] = {}
    lines = text.splitlines()
    ok = True
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + first_line
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
        if key in values:
            diags.error(path, line, f"'{key}' is given twice (first on line {values[key].line}); keep one")
            ok = False
            continue
        if _has_alias(value_node):
            diags.error(path, line, f"'{key}' uses a YAML alias or anchor (& or *); write the value out")
            ok = False
            continue
        try:
            value = constructor.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            diags.error(path, line, f"'{key}' could not be read: {exc}; check the value, or put it in quotes")
            ok = False
            continue
        plain = isinstance(value_node, yaml.ScalarNode) and value_node.style is None
        if plain and _comment_follows(value_node, lines):
            diags.warning(
                path, line,
                f"'{key}': the text after ' #' is read as a comment, not as part of the value; "
                "if it belongs to the value, put the whole value in quotes",
            )
        values[key] = Value(value, line, plain)
    return values if ok else None


def _has_alias(node: yaml.Node) -> bool:
    """True if the node, or anything under it, is an alias or carries an anchor."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            return True  # the composer shares one node object between an anchor and its aliases
        seen.add(id(current))
        if isinstance(current, yaml.MappingNode):
            stack.extend(part for pair in current.value for part in pair)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return False


def _comment_follows(node: yaml.ScalarNode, lines: list[str]) -> bool:
    end = node.end_mark
    if end.line >= len(lines):
        return False
    return lines[end.line][end.column:].lstrip().startswith("#")


def _yaml_error_line(exc: yaml.YAMLError, first_line: int) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return (mark.line + first_line) if mark is not None else first_line


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "\t" in problem or "tab" in problem:
        return f"{problem} (YAML does not allow tabs for indentation; use spaces)"
    return problem


def check_fields(
    values: dict[str, Value], schema: dict[str, FieldSpec], path: Path, line: int, diags: Diagnostics
) -> bool:
    """Report unknown keys, missing required keys and values of the wrong type. True if all is well."""
    ok = True
    for key, value in values.items():
        spec = schema.get(key)
        if spec is None:
            diags.error(path, value.line, f"unknown key '{key}'{_did_you_mean(key, schema)}")
            ok = False
        elif not _fits(value.value, spec):
            diags.error(path, value.line, _wrong_type(key, value, spec))
            ok = False
    for key, spec in schema.items():
        if spec.required and _blank(values.get(key)):
            diags.error(path, line, f"missing required key '{key}'{': ' + spec.hint if spec.hint else ''}")
            ok = False
    return ok


def _fits(value: Any, spec: FieldSpec) -> bool:
    if value is None or value == "":
        return True  # emptiness is judged by `required`
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    if isinstance(value, dt.datetime) and dt.datetime not in kinds:
        return False
    if isinstance(value, str) and dt.date in kinds:
        return as_date(value) is not None
    return isinstance(value, kinds)


def as_date(value: Any) -> dt.date | None:
    """A date written bare (YAML's own) or in quotes as YYYY-MM-DD; None for anything else."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _blank(value: Value | None) -> bool:
    return value is None or value.value is None or value.value == ""


_KIND_NAMES = {str: "text", dt.date: "a date (YYYY-MM-DD)", int: "a whole number", bool: "true or false",
               list: "a list", dict: "a mapping", float: "a number"}


def _wrong_type(key: str, value: Value, spec: FieldSpec) -> str:
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    wanted = " or ".join(_KIND_NAMES.get(k, k.__name__) for k in kinds)
    shown = yaml.safe_dump(value.value, default_flow_style=True).strip().removesuffix("...").strip()
    message = f"'{key}' must be {wanted}, but YAML read it as {type(value.value).__name__} {shown}"
    if str in kinds and value.plain:
        message += "; put the value in quotes"
    return message


def _did_you_mean(key: str, schema: dict[str, FieldSpec]) -> str:
    close = difflib.get_close_matches(key, list(schema), n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(sorted(schema))})"
