import sys

from iskias_site.cli import main

sys.exit(main())
