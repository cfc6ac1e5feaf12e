"""Stage 4, render: Jinja2 templates to whole pages in memory, the reference list and the page's metadata."""
