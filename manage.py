#!/usr/bin/env python
"""Same as the `sanxiang` console command; kept for Django habits."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from sanxiang.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
