"""sanxiang export --agency <USCC or name> FILE [--kinds ...] [--public] [--on YYYY-MM-DD]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from sanxiang.catalog.excel import kind_keys, write_workbook
from sanxiang.catalog.management.commands._agency import agency_from_argument
from sanxiang.core.errors import ApplicationError

EXPORTED = "已导出 {agency} 的清单（{on} 有效）到 {path}"


class Command(BaseCommand):
    help = "把执法主体的清单导出为 Excel 工作簿（与导入格式相同）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="输出的 .xlsx 文件")
        parser.add_argument("--agency", required=True, help="执法主体的统一社会信用代码或全称")
        parser.add_argument("--kinds", nargs="+", help="只导出这些清单（键名或工作表名），默认全部")
        parser.add_argument("--public", action="store_true", help="公开版：执法人员只含公开字段")
        parser.add_argument("--on", help="导出该日有效的内容，默认今天（YYYY-MM-DD）")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = agency_from_argument(options["agency"])
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
            kinds = kind_keys(options["kinds"])
        except ValueError as exc:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['on']}") from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        path = Path(options["file"])
        with (
            tqdm(total=1, desc="导出", file=self.stderr._out, leave=False) as bar,
            path.open("wb") as stream,
        ):
            write_workbook(
                agency=agency, kinds=kinds, on=on, stream=stream, public=options["public"]
            )
            bar.update(1)
        self.stdout.write(EXPORTED.format(agency=agency.name, on=on.isoformat(), path=path))
