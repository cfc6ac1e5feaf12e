"""Build the site: the same as `iskias-site build` (run `python build.py --help` for options)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "src"))  # works before `pip install -e .` too

from iskias_site.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
