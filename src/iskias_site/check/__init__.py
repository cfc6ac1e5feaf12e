"""Stage 2, check: every problem in the loaded source, collected as diagnostics before anything is converted."""
