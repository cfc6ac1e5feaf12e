"""The preview's bibliography between rebuilds: parsed again only when references.bib changed.

Most saves are of an article; parsing the references again each time is a sixth of a rebuild of
the sciatica site. The file is still read every time and compared byte for byte, and its problems
are reported again in every build, as a fresh parse would report them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iskias_site.diagnostics import Diagnostic, Diagnostics
from iskias_site.load.bibliography import Bibliography, load_bibliography


@dataclass
class KeptBibliography:
    """A `read_bibliography` for `build_site` that keeps the last parse, for one preview."""

    kept: tuple[bytes, Bibliography, tuple[Diagnostic, ...]] | None = None
    parses: int = 0

    def __call__(self, path: Path, diags: Diagnostics) -> Bibliography:
        try:
            data = path.read_bytes()
        except OSError:
            data = None
        if data is not None and self.kept is not None and self.kept[0] == data:
            diags.items.extend(self.kept[2])
            return self.kept[1]
        before = len(diags.items)
        bibliography = load_bibliography(path, diags)
        self.parses += 1
        self.kept = (data, bibliography, tuple(diags.items[before:])) if data is not None else None
        return bibliography
