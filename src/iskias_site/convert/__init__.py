"""Stage 3, convert: Markdown to HTML fragments through Python-Markdown and our extensions."""
