"""The bits of Markdown syntax our own line scans need to agree on with Python-Markdown."""

from __future__ import annotations

import re

# A fenced code block's opening or closing line: inside one, nothing is ours to read.
CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# An inline code span.
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
