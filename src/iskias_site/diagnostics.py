"""Problems found in an editor's files, collected with a stable code, formatted as
`path:line: severity: message [code]` in the reader's language only when they are shown."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from gettext import NullTranslations
from pathlib import Path

from iskias_site.messages import Message, N_, from_json, message, phrase, render, to_json

ERROR = N_("error")
WARNING = N_("warning")
ENGLISH = NullTranslations()  # the msgids are the English text


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: `path` is shown relative to the site, `line` is 1-based (0: whole file).
    `message` is the English text (what sorting and the tests compare); `body` is the code with its
    values, put into a language by `format`."""

    path: str
    line: int
    severity: str
    message: str
    body: Message = field(compare=False)

    @classmethod
    def of(cls, path: str, line: int, severity: str, body: Message) -> Diagnostic:
        return cls(path, line, severity, render(body, ENGLISH), body)

    @classmethod
    def from_data(cls, data: list) -> Diagnostic:
        """The diagnostic from its JSON form (`data`); a list of another length: TypeError."""
        path, line, severity, message_text, body = data
        return cls(path, line, severity, message_text, from_json(body))

    def to_data(self) -> list:
        """The diagnostic as JSON can hold it (the build cache and the build record keep them)."""
        return [self.path, self.line, self.severity, self.message, to_json(self.body)]

    @property
    def code(self) -> str:
        return self.body.code

    def text(self, translation: NullTranslations = ENGLISH) -> str:
        """The message alone, in the language of `translation`."""
        return render(self.body, translation)

    def format(self, translation: NullTranslations = ENGLISH, code: bool = False) -> str:
        """`path:line: severity: message`, with ` [code]` after it where the editor reads it."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        shown = f"{where}: {translation.gettext(self.severity)}: {self.text(translation)}"
        return f"{shown} [{self.code}]" if code else shown


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

    def error(self, path: Path | str, line: int, code: str | Message, /, **values: object) -> None:
        """Record an error: `code` names its message in messages.py, `values` fill its placeholders."""
        self.items.append(Diagnostic.of(self._name(path), line, ERROR, message(code, **values)))

    def warning(self, path: Path | str, line: int, code: str | Message, /, **values: object) -> None:
        self.items.append(Diagnostic.of(self._name(path), line, WARNING, message(code, **values)))

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


def summary(diagnostics: list[Diagnostic], translation: NullTranslations = ENGLISH) -> str:
    """The closing count, e.g. `2 errors, 1 warning in 3 files` (`2 fejl, 1 advarsel i 3 filer`)."""
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    return translation.gettext("{errors}, {warnings} in {files}").format(
        errors=translation.ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=translation.ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        files=translation.ngettext("{n} file", "{n} files", files).format(n=files),
    )


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known value an editor most likely meant, if one is close enough."""
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(value: str, known: Iterable[str], expected: bool = False, shown: str = "'{}'") -> Message | str:
    """' (did you mean 'x'?)' for the closest known value; else, with `expected`, the list of
    every known value (' (expected one of: a, b)'), or nothing. The one did-you-mean of the site."""
    choices = sorted(known)
    close = closest(value, choices)
    if close is not None:
        return phrase("did-you-mean", value=shown.format(close))
    return expected_one_of(choices) if expected else ""


def expected_one_of(choices: Iterable[str]) -> Message:
    """' (expected one of: a, b)': every value the editor may write."""
    return phrase("expected-one-of", values=", ".join(choices))
