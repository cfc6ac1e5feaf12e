"""YAML mappings read with the line of every key, strictly: safe tags only, no duplicate keys, no aliases.

Used for `site.yml` and for the front matter of content files. Values YAML would silently
turn into something else (`no` -> False, `2026-13-45`) are caught by `check_fields`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from iskias_site.diagnostics import Diagnostics, did_you_mean
from iskias_site.messages import Message, message, Msgid, N_, or_list, phrase

# libyaml's loader reads well-formed YAML several times faster; the pure-Python one words a
# problem better, so a text the fast one rejects is read again by it for the message.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WORDING_LOADER = yaml.SafeLoader


@dataclass(frozen=True)
class Value:
    """A value from a YAML mapping and the 1-based line of its key in the editor's file."""

    value: Any
    line: int
    plain: bool  # written without quotes (YAML guessed its type)
    children: dict[str, Value] | None = None  # for a mapping: its keys with their own lines


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
        node, loader = _compose(text)
    except yaml.YAMLError as exc:
        diags.error(path, _yaml_error_line(exc, first_line), "yaml-unreadable", yaml_problem=_yaml_problem(exc))
        return None
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        diags.error(path, node.start_mark.line + first_line, "yaml-not-mapping")
        return None
    reader = _Reader(text.splitlines(), path, first_line, _alias_lines(text, loader), diags)
    return reader.mapping(node)


def _compose(text: str) -> tuple[yaml.Node | None, type]:
    """The composed document and the loader that read it. Where libyaml refuses a text the pure
    loader reads (a few edge cases, e.g. `[?]`), the pure loader's reading stands."""
    try:
        return yaml.compose(text, Loader=FAST_LOADER), FAST_LOADER
    except yaml.YAMLError:
        return yaml.compose(text, Loader=WORDING_LOADER), WORDING_LOADER  # or raises, in better words


def _alias_lines(text: str, loader: type) -> set[int]:
    """0-based lines holding an anchor (&name) or an alias (*name)."""
    lines: set[int] = set()
    if "&" not in text and "*" not in text:
        return lines  # neither can appear without these characters
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            lines.add(event.start_mark.line)
    return lines


@dataclass
class _Reader:
    """Turns a composed mapping into Values, reporting what YAML would silently accept."""

    lines: list[str]
    path: Path
    first_line: int
    alias_lines: set[int]
    diags: Diagnostics
    constructor: SafeConstructor = field(default_factory=SafeConstructor)

    def mapping(self, node: yaml.MappingNode) -> dict[str, Value] | None:
        values: dict[str, Value] = {}
        ok = True
        for key_node, value_node in node.value:
            value = self._entry(key_node, value_node, values)
            if value is None:
                ok = False
            else:
                values[str(key_node.value)] = value
        return values if ok else None

    def _entry(self, key_node: yaml.Node, value_node: yaml.Node, seen: dict[str, Value]) -> Value | None:
        path, diags = self.path, self.diags
        line = key_node.start_mark.line + self.first_line
        key = str(key_node.value)
        if key in seen:
            diags.error(path, line, "yaml-key-twice", key=key, line=seen[key].line)
            return None
        # an alias's node is the anchored node itself, with its lines: count from the key on
        span = range(key_node.start_mark.line, max(key_node.start_mark.line, value_node.end_mark.line) + 1)
        if any(n in self.alias_lines for n in span):
            diags.error(path, line, "yaml-alias", key=key)
            return None
        try:
            value = self.constructor.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            diags.error(path, line, _unreadable(key, value_node))
            return None
        plain = isinstance(value_node, yaml.ScalarNode) and not value_node.style  # libyaml: '', pure: None
        if plain and _comment_follows(value_node, self.lines):
            diags.warning(
                path, line,
                "yaml-comment-in-value", key=key,
            )
        children = self.mapping(value_node) if isinstance(value_node, yaml.MappingNode) else None
        if isinstance(value_node, yaml.MappingNode) and children is None:
            return None
        return Value(value, line, plain, children)


def _unreadable(key: str, node: yaml.Node) -> Message:
    """Why a value YAML parsed could not be made into a value, in the editor's words (PyYAML's
    own, e.g. 'day is out of range for month', name neither the key nor the fix)."""
    if node.tag == "tag:yaml.org,2002:timestamp":
        return message("date-not-real", key=key, value=node.value)
    if not node.tag.startswith("tag:yaml.org,2002:") or node.tag.startswith("tag:yaml.org,2002:python/"):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return message("yaml-value-unreadable/tag", key=key, tag=tag)
    if isinstance(node, yaml.ScalarNode):
        return message("yaml-value-unreadable/value", key=key, value=node.value)
    return message("yaml-value-unreadable/plain", key=key)


def _comment_follows(node: yaml.ScalarNode, lines: list[str]) -> bool:
    end = node.end_mark
    if end.line >= len(lines):
        return False
    return lines[end.line][end.column:].lstrip().startswith("#")


def _yaml_error_line(exc: yaml.YAMLError, first_line: int) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return (mark.line + first_line) if mark is not None else first_line


def _yaml_problem(exc: yaml.YAMLError) -> Message | str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "mapping values are not allowed" in problem:
        return phrase("yaml-colon", problem=problem)
    if "\t" in problem or "'\\t'" in problem or "tab" in problem:
        return phrase("yaml-tab", problem=problem)
    return problem


def check_fields(
    values: dict[str, Value], schema: dict[str, FieldSpec], path: Path, line: int, diags: Diagnostics
) -> bool:
    """Report unknown keys, missing required keys and values of the wrong type. True if all is well."""
    ok = True
    for key, value in values.items():
        spec = schema.get(key)
        if spec is None:
            diags.error(path, value.line, "unknown-key", key=key, hint=did_you_mean(key, schema, expected=True))
            ok = False
        elif not _fits(value.value, spec):
            diags.error(path, value.line, _wrong_type(key, value, spec))
            ok = False
    for key, spec in schema.items():
        if spec.required and _blank(values.get(key)):
            diags.error(path, line, "missing-key", key=key, value=phrase("key-hint", hint=Msgid(spec.hint)) if spec.hint else "")
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


_KIND_NAMES = {str: Msgid(N_("text")), dt.date: Msgid(N_("a date (YYYY-MM-DD)")), int: Msgid(N_("a whole number")),
               bool: Msgid(N_("true or false")), list: Msgid(N_("a list")), dict: Msgid(N_("a mapping")),
               float: Msgid(N_("a number"))}


def _wrong_type(key: str, value: Value, spec: FieldSpec) -> Message:
    kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
    wanted = or_list([_KIND_NAMES.get(k, k.__name__) for k in kinds])
    shown = yaml.safe_dump(value.value, default_flow_style=True, allow_unicode=True).strip()
    shown = shown.removesuffix("...").strip()
    variant = "quote" if str in kinds and value.plain else "plain"
    return message(f"wrong-type/{variant}", key=key, wanted=wanted, type=type(value.value).__name__, shown=shown)
