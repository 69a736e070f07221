"""Entry point for the frozen build: the same command line as ``sipdesk``."""

import sys

from sipdesk.cli import main

sys.exit(main())
