"""``python -m sipdesk`` and the ``sipdesk`` console script."""

from __future__ import annotations

import sys


def main() -> int:
    from sipdesk.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
