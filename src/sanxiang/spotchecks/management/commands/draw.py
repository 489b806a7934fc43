"""`sanxiang draw verify <file.json | URL>`: re-run a published 双随机 draw from its JSON alone.

Prints every pick; exit status 0 when the recomputation matches the published picks, 1 naming the
first difference. A file needs no database; a URL is fetched with the standard library.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.spotchecks.draw import verify_record

TIMEOUT_SECONDS = 30


def load_record(source: str) -> Any:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))
    return json.loads(Path(source).read_text(encoding="utf-8"))


class Command(BaseCommand):
    help = "双随机抽取记录：verify 从公开 JSON 重算抽取结果并比对"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="重算并比对一条公开的抽取记录")
        verify.add_argument(
            "source", help="抽取记录 JSON 文件路径或 URL（/api/v1/public/draws/<id>）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            record = load_record(options["source"])
        except (OSError, ValueError) as exc:
            raise CommandError(f"无法读取抽取记录：{exc}") from exc
        result = verify_record(record)
        labels = record.get("labels") or {}
        if result.outcome is not None:
            self.stdout.write(f"算法 {record.get('algorithm')}  密钥串 {result.outcome.key}")
            for n, pick in enumerate(result.outcome.picks, start=1):
                names = "、".join(labels.get(o, o) for o in pick.inspectors)
                self.stdout.write(
                    f"{n:>3}. {labels.get(pick.entity, pick.entity)}  检查人员：{names}"
                )
        if result.ok:
            self.stdout.write(self.style.SUCCESS("一致：公布的抽取结果可以由公开输入重算得到"))
            return
        self.stderr.write(f"不一致：{result.problems[0]}")
        raise SystemExit(1)
