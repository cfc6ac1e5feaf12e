"""The `::: handout` list of an article -> HTML for its printable handout.

The page never shows the block (`convert/blocks.py` drops it); the handout converts its body, as
the check found it (`check/blocks.py`), with a Markdown set-up of its own: a list of plain points
needs no citations, cards or contents, and a citation in it is already an error. The site's
safety passes (`convert/sanitize.py`) run on it as on every page.
"""

from __future__ import annotations

import markdown

from iskias_site.convert.sanitize import SafetyExtension
from iskias_site.load.content import SourceFile


class HandoutPoints:
    """Made once per process, like the article converter."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["sane_lists", SafetyExtension()], output_format="html")

    def convert(self, blocks: tuple[SourceFile, ...]) -> str:
        """The HTML of the blocks' lists, in reading order ('' for none)."""
        return "\n".join(self.md.reset().convert(block.text) for block in blocks)
