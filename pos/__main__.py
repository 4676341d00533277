"""`python -m pos` is the same program as the `laci` console script."""

from __future__ import annotations

import sys

from pos.cli import main

if __name__ == "__main__":
    sys.exit(main())
