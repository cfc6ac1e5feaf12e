"""Reading an editor's text file: UTF-8 (a byte-order mark is allowed), any line ending, no control characters."""

from __future__ import annotations

import re
from pathlib import Path

from iskias_site.diagnostics import Diagnostics

MAX_FILE_BYTES = 2 * 1024 * 1024  # far above any real article section; bounds the work one file can cause

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_text(path: Path, diags: Diagnostics) -> str | None:
    """The file's text with `\\n` line ends, or None after reporting why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(path, 0, "file-too-large", size=size // 1024, MAX_FILE_BYTES=MAX_FILE_BYTES // 1024)
            return None
        data = path.read_bytes()
    except OSError as exc:
        diags.error(path, 0, "file-unreadable", strerror=exc.strerror)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.error(path, line, "file-not-utf8")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        diags.error(path, line, "file-control-character", ord=ord(bad.group()))
        return None
    return text
