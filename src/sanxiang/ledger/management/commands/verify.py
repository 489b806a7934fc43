"""sanxiang verify: recompute and check everything the ledger attests; non-zero exit on any problem.

The checks are listed in settings.SANXIANG_INTEGRITY_CHECKS (dotted paths), so higher apps add
their own (catalog digests, evidence blobs) without the ledger importing them.
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string
from tqdm import tqdm


class Command(BaseCommand):
    help = "校验防篡改日志、检查点、审计记录、清单与证据文件 (verify ledger, checkpoints, audit, catalog, blobs)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        problems = []
        for path in settings.SANXIANG_INTEGRITY_CHECKS:
            check = import_string(path)
            label = path.rsplit(".", 1)[-1]
            with tqdm(desc=label, unit="项", disable=options["quiet"], file=sys.stderr) as bar:
                for problem in check(bar.update):
                    problems.append(problem)
                    self.stdout.write(f"{label}: {problem}")
        if problems:
            raise CommandError(f"校验未通过：发现 {len(problems)} 处不一致")
        self.stdout.write("校验通过：日志、检查点、审计记录及登记内容均未发现篡改")
