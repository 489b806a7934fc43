"""`sanxiang <command>`: Django's management commands under the project's own name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.config.settings.dev")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "sanxiang"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
