"""sanxiang verify: recompute and check everything the ledger attests; non-zero exit on any problem.

The checks are listed in settings.SANXIANG_INTEGRITY_CHECKS (dotted paths), so higher apps add
their own (catalog digests, evidence blobs) without the ledger importing them.

`sanxiang verify --bundle FILE.zip [--key VERIFIER]` checks an exported 电子案卷 (ledger evidence
bundle) offline instead: it never touches the database (docs/howto/verify-case-file.md).
"""

from __future__ import annotations

import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string
from tqdm import tqdm

from sanxiang.ledger.bundles import bundle_verify


class Command(BaseCommand):
    help = "校验防篡改日志、检查点、审计记录、清单与证据文件 (verify ledger, checkpoints, audit, catalog, blobs)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="不显示进度条")
        parser.add_argument(
            "--bundle", metavar="FILE.zip", help="离线校验导出的电子案卷（不连接数据库）"
        )
        parser.add_argument(
            "--key", metavar="VERIFIER", help="与 --bundle 合用：执法机关公布的检查点验证公钥"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["bundle"]:
            self._bundle(options["bundle"], options["key"])
            return
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

    def _bundle(self, path: str, key: str | None) -> None:
        report = bundle_verify(path, trusted_key=key)
        for problem in report.problems:
            self.stdout.write(str(problem))
        if not report.ok:
            raise CommandError(f"案卷校验未通过：发现 {len(report.problems)} 处问题")
        self.stdout.write(
            f"案卷校验通过：{report.title}；{report.files} 个文件、{report.entries} 条日志条目"
            f"均由检查点（树大小 {report.checkpoint_size}）证明，清单由日志条目 "
            f"#{report.sealed_by} 记录（{report.sealed_at}）"
        )
        if key is None:
            self.stdout.write(
                "提示：请将下列验证公钥与执法机关公布的公钥核对（或用 --key 指定）：\n  "
                + report.key
            )
