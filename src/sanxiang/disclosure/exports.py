"""CSV and Excel downloads of the public lists.

CSV is built from the same projections as the pages, UTF-8 with a BOM so that Excel opens
Chinese text correctly; cells a spreadsheet would read as a formula get an apostrophe (CSV
injection). Excel is the catalog's own workbook format (`sanxiang.catalog.excel.write_workbook`
with public=True), so a downloaded list can be re-imported by another agency.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sanxiang.catalog.excel import write_workbook
from sanxiang.disclosure import selectors as s
from sanxiang.organisations.models import Agency

Cell = str | int | None


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    updated_on: dt.date | None


def _officers(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.officers_public(agency=agency, on=on)
    rows: list[list[Cell]] = [
        [
            o.name,
            o.agency_name,
            o.unit_name,
            o.title,
            "、".join(o.certificate_numbers),
            "、".join(o.fields),
        ]
        for o in data.results
    ]
    headers = ["姓名", "所属单位", "所属机构", "职务", "执法证号", "执法类别"]
    return Table("执法人员清单", headers, rows, data.updated_on)


def _basis(item: s.ItemPublic) -> str:
    cited = "；".join(f"{b.law}{b.article}" for b in item.legal_basis)
    return "；".join(x for x in (cited, item.legal_basis_text) if x)


def _items(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.items_public(agency=agency, on=on)
    rows: list[list[Cell]] = [
        [
            i.code,
            i.name,
            i.category_label,
            i.field,
            _basis(i),
            i.responsible_unit,
            i.time_limit,
            i.version,
            i.effective_from.isoformat(),
        ]
        for i in data.results
    ]
    headers = ["事项编码", "事项名称", "事项类别", "执法类别", "法律依据", "承办机构"]
    headers += ["办理时限", "版本", "生效日期"]
    return Table("执法事项清单", headers, rows, data.updated_on)


def _benchmarks(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.benchmarks_public(agency=agency, on=on)
    rows: list[list[Cell]] = []
    for b in data.results:
        tiers: list[s.TierPublic | None] = list(b.tiers) or [None]
        for t in tiers:
            rows.append(
                [
                    b.code,
                    b.item_code,
                    b.violation,
                    b.violated_provision,
                    b.penalty_basis,
                    t.kind_label if t else "",
                    t.conditions if t else "",
                    t.fine if t else "",
                    t.other_penalties if t else "",
                    b.effective_from.isoformat(),
                ]
            )
    headers = ["基准编码", "事项编码", "违法行为", "违反条款", "处罚依据", "裁量阶次"]
    headers += ["适用条件", "处罚标准", "其他处罚", "生效日期"]
    return Table("裁量基准", headers, rows, data.updated_on)


def _spot_checks(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.spot_checks_public(agency=agency, on=on)
    rows: list[list[Cell]] = [
        [
            r.code,
            r.name,
            r.check_type,
            r.target,
            r.content,
            r.basis,
            r.method,
            r.ratio,
            r.frequency,
            r.effective_from.isoformat(),
        ]
        for r in data.results
    ]
    headers = ["编码", "抽查事项", "抽查类别", "抽查对象", "抽查内容", "抽查依据", "抽查方式"]
    headers += ["抽查比例", "抽查频次", "生效日期"]
    return Table("随机抽查事项清单", headers, rows, data.updated_on)


def _guides(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.guides_public(agency=agency, on=on)
    rows: list[list[Cell]] = [
        [
            g.code,
            g.name,
            g.basis,
            g.accepting_body,
            g.approving_body,
            g.conditions,
            g.preferential_policies,
            g.materials,
            g.procedure,
            g.time_limit,
            g.fees,
            g.supervision,
            g.accountability,
            g.remedy,
            g.office_hours,
            g.office_address,
            g.office_phone,
        ]
        for g in data.results
    ]
    headers = ["编码", "事项名称", "设定依据", "受理机构", "审批机构", "受理条件", "优惠政策"]
    headers += ["申请材料", "办理流程", "办理时限", "收费标准", "监督方式", "责任追究"]
    headers += ["救济渠道", "办公时间", "办公地址", "办公电话"]
    return Table("服务指南", headers, rows, data.updated_on)


def _recordings(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.recordings_public(agency=agency, on=on)
    rows: list[list[Cell]] = [
        [r.code, r.activity, r.item_code or "全部事项", r.level_label, r.basis, r.note]
        for r in data.results
    ]
    headers = ["编码", "执法环节", "适用事项", "记录要求", "依据", "说明"]
    return Table("音像记录事项清单", headers, rows, data.updated_on)


def _major(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.major_rules_public(agency=agency, on=on)
    rows: list[list[Cell]] = [
        [
            r.code,
            r.name,
            r.item_code or "全部事项",
            r.party_kind_label,
            f"{r.fine_threshold:f}" if r.fine_threshold is not None else "",
            f"{r.confiscation_threshold:f}" if r.confiscation_threshold is not None else "",
            r.penalty_kinds,
            "是" if r.after_hearing else "",
            r.other_condition,
            r.basis,
        ]
        for r in data.results
    ]
    headers = ["编码", "审核事项", "适用事项", "当事人类型", "罚款数额达到（元）"]
    headers += ["没收数额达到（元）", "处罚种类", "经过听证", "其他情形", "依据"]
    return Table("重大执法决定法制审核目录清单", headers, rows, data.updated_on)


def _hearing(agency: s.AgencyPublic, on: dt.date) -> Table:
    data = s.hearing_thresholds_public(agency=agency, on=on)
    rows: list[list[Cell]] = [
        [
            r.code,
            r.party_kind_label,
            f"{r.fine_threshold:f}" if r.fine_threshold is not None else "",
            f"{r.confiscation_threshold:f}" if r.confiscation_threshold is not None else "",
            r.item_code or "全部事项",
            r.basis,
            r.note,
        ]
        for r in data.results
    ]
    headers = ["编码", "当事人类型", "罚款数额达到（元）", "没收数额达到（元）", "适用事项"]
    headers += ["依据", "说明"]
    return Table("听证较大数额标准", headers, rows, data.updated_on)


TABLES: dict[str, Callable[[s.AgencyPublic, dt.date], Table]] = {
    "officers": _officers,
    "items": _items,
    "benchmarks": _benchmarks,
    "spot-checks": _spot_checks,
    "guides": _guides,
    "recordings": _recordings,
    "major-decisions": _major,
    "hearing-thresholds": _hearing,
}
FORMATS = ("csv", "xlsx")
TITLES = {
    "officers": "执法人员清单",
    "items": "执法事项清单",
    "benchmarks": "裁量基准",
    "spot-checks": "随机抽查事项清单",
    "guides": "服务指南",
    "recordings": "音像记录事项清单",
    "major-decisions": "重大执法决定法制审核目录清单",
    "hearing-thresholds": "听证较大数额标准",
}
# Portal list names → catalog workbook kinds.
WORKBOOK_KINDS = {
    "officers": "officer",
    "items": "item",
    "benchmarks": "benchmark",
    "spot-checks": "spot_check",
    "guides": "service_guide",
    "recordings": "recording",
    "major-decisions": "major_decision",
    "hearing-thresholds": "hearing_threshold",
}


def _safe(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def _with_meta(table: Table, agency: s.AgencyPublic, on: dt.date) -> Sequence[list[Cell]]:
    updated = table.updated_on.isoformat() if table.updated_on else "—"
    meta: list[Cell] = [f"{agency.name} {table.title}", f"有效日期 {on.isoformat()}"]
    meta.append(f"更新于 {updated}")
    headers: list[Cell] = list(table.headers)
    return [meta, headers, *table.rows]


def to_csv(table: Table, agency: s.AgencyPublic, on: dt.date) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _with_meta(table, agency, on):
        writer.writerow([_safe(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(kind: str, agency: s.AgencyPublic, on: dt.date) -> bytes:
    """The public workbook of one list (officers: only G4 columns of certified officers)."""
    out = io.BytesIO()
    row = Agency.objects.get(pk=agency.id)
    write_workbook(agency=row, kinds=[WORKBOOK_KINDS[kind]], on=on, stream=out, public=True)
    return out.getvalue()
