# ruff: noqa: N999 - the command is `sanxiang import`, so the module must be named import
"""sanxiang import --agency <USCC or name> FILE [--effective-from YYYY-MM-DD] [--dry-run]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from sanxiang.catalog.excel import import_workbook
from sanxiang.catalog.management.commands._agency import agency_from_argument
from sanxiang.core.errors import ApplicationError

NOTHING_IMPORTED = "发现 {count} 处问题，未导入任何内容。"
DRY_RUN_DONE = "试运行：检查通过，以下为将要发生的变化（未保存）："
IMPORTED = "导入完成："
COUNTS = "{sheet}：新增 {added}，变更 {changed}，停用 {removed}，未变 {unchanged}"
FILE_MISSING = "文件不存在：{path}"
USER_UNKNOWN = "找不到用户：{username}"
BAD_DATE = "日期格式应为 YYYY-MM-DD：{value}"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(BAD_DATE.format(value=value)) from None


class Command(BaseCommand):
    help = "从 Excel 工作簿导入清单（全部成功才保存，有任何问题则不导入）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--agency", required=True, help="执法主体的统一社会信用代码或全称")
        parser.add_argument("--effective-from", dest="effective_from", help="生效日期，默认今天")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        parser.add_argument("--user", help="操作人用户名（修改已有执法人员时必填）")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_from_argument(options["agency"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(FILE_MISSING.format(path=path))
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(USER_UNKNOWN.format(username=options["user"]))
        effective_from = (
            _date(options["effective_from"]) if options["effective_from"] else timezone.localdate()
        )
        with tqdm(desc="读取", unit="行", file=self.stderr._out, leave=False) as bar:

            def progress(done: int, total: int) -> None:
                if total and bar.total != total:
                    bar.total = total
                bar.update(done - bar.n)

            try:
                report = import_workbook(
                    actor=actor,
                    agency=agency,
                    source=path,
                    effective_from=effective_from,
                    dry_run=options["dry_run"],
                    progress=progress,
                )
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        if not report.ok:
            for line in report.lines():
                self.stdout.write(line)
            raise CommandError(NOTHING_IMPORTED.format(count=len(report.problems)), returncode=2)
        self.stdout.write(DRY_RUN_DONE if report.dry_run else IMPORTED)
        for sheet, counts in report.sheets.items():
            self.stdout.write(COUNTS.format(sheet=sheet, **counts))
