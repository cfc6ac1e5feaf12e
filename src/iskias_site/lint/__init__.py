"""The editors' lints of `iskias-site check`: readability, links, images, governance."""
