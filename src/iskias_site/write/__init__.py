"""Stage 5, write: a staging folder swapped into place, the build cache, the record of published anchors."""
