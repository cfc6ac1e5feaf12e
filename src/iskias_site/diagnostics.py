"""Problems found in an editor's files, collected and formatted as `path:line: severity: message`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path` is shown relative to the site, `line` is 1-based (0: whole file)."""

    path: str
    line: int
    severity: str
    message: str

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class Diagnostics:
    """A collector handed down the pipeline; every stage adds to it, none stops at the first problem."""

    root: Path | None = None
    items: list[Diagnostic] = field(default_factory=list)

    def _name(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            try:
                return path.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()

    def error(self, path: Path | str, line: int, message: str) -> None:
        self.items.append(Diagnostic(self._name(path), line, ERROR, message))

    def warning(self, path: Path | str, line: int, message: str) -> None:
        self.items.append(Diagnostic(self._name(path), line, WARNING, message))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def has_errors(self) -> bool:
        return any(d.severity == ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.items), key=lambda d: (d.path, d.line, d.severity, d.message))


def summary(diagnostics: list[Diagnostic]) -> str:
    """The closing count, e.g. `2 errors, 1 warning in 3 files`."""
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    return (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
        f"in {_plural(files, 'file')}"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known value an editor most likely meant, if one is close enough."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: str, known: Iterable[str], expected: bool = False, shown: str = "'{}'") -> str:
    """' (did you mean 'x'?)' for the closest known value; else, with `expected`, the list of
    every known value (' (expected one of: a, b)'), or nothing. The one did-you-mean of the site."""
    choices = sorted(known)
    close = closest(value, choices)
    if close is not None:
        return f" (did you mean {shown.format(close)}?)"
    return f" (expected one of: {', '.join(choices)})" if expected else ""
