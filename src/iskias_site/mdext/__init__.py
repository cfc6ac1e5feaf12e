"""Our Python-Markdown extensions: citations, callout boxes, care cards and data figures."""
