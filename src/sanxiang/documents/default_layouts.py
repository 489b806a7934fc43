"""What each default 执法文书 template says, kind by kind, in a small layout vocabulary that
`default_templates` turns into DOCX. Jinja names are the kind's declared fields (contexts)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sanxiang.documents.kinds import DocumentKind

# --- the layout vocabulary -------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """A paragraph of Jinja text; `indent` gives the first line two characters."""

    text: str
    bold: bool = False
    align: str = "left"  # left | center | right
    indent: bool = False


@dataclass(frozen=True)
class Loop:
    """`{%p for var in items %}` … lines … `{%p endfor %}`."""

    var: str
    items: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class If:
    condition: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Grid:
    """A two-column table: label | value (审批表)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Rows:
    """A table with a header row and one row per item (`{%tr for %}`)."""

    headers: tuple[str, ...]
    var: str
    items: str
    cells: tuple[str, ...]
    widths_mm: tuple[float, ...] = ()


@dataclass(frozen=True)
class Layout:
    blocks: tuple[Block, ...]
    date: str = "{{ generated_on }}"
    seal: bool = True  # the agency's name above the date, where the seal goes
    number_line: bool = True  # the 文书编号 under the title (decisions print their own 文号)
    extra_signatures: tuple[str, ...] = field(default=())


Block = P | Loop | If | Grid | Rows


K = DocumentKind
LAYOUTS: dict[DocumentKind, Layout] = {}


def _party(*, address_required: bool = True) -> tuple[Block, ...]:
    address: Block = P("住所（地址）：{{ party_address }}")
    return (
        P("当事人：{{ party_name }}"),
        If("party_identifier", (P("{{ party_identifier_label }}：{{ party_identifier }}"),)),
        If("party_representative", (P("法定代表人（负责人）：{{ party_representative }}"),)),
        address if address_required else If("party_address", (address,)),
    )


def _opt(key: str, label: str) -> If:
    return If(key, (P(f"{label}：{{{{ {key} }}}}"),))


EVIDENCE_ROWS = Loop("e", "evidence", ("{{ loop.index }}. {{ e.name }}",))
EVIDENCE_HASHED = Loop(
    "e",
    "evidence",
    ("{{ loop.index }}. {{ e.name }}{% if e.sha256 %}（SHA-256：{{ e.sha256 }}）{% endif %}",),
)
REMEDIES = (P("{{ remedy_text }}", indent=True), P("{{ not_suspended_text }}", indent=True))
OFFICER_LINES = Loop("o", "officers", ("{{ o.name }}（执法证号：{{ o.certificate_number }}）",))
CASE_LINE = If("case_title", (P("案由：{{ case_title }}"),))


def _record_layout(persons_label: str, intro: tuple[Block, ...]) -> Layout:
    return Layout(
        blocks=(
            CASE_LINE,
            P("时间：{{ occurred_on }}"),
            P("地点：{{ place }}"),
            P("当事人：{{ party_name }}"),
            If("party_address", (P("住所（地址）：{{ party_address }}"),)),
            P(f"{persons_label}：{{{{ persons }}}}"),
            P("执法人员：{{ officers_line }}"),
            If("recorder", (P("记录人：{{ recorder }}"),)),
            *intro,
            P("{{ certificate_statement }}。", indent=True),
            P("笔录内容：", bold=True),
            P("{{ record_text }}", indent=True),
            If("party_statement", (P("当事人陈述申辩：{{ party_statement }}"),)),
            If("evidence", (P("现场取证（音像记录）：", bold=True), EVIDENCE_HASHED)),
            If("refusal_note", (P("拒绝签名情况：{{ refusal_note }}"),)),
            P("执法人员：", bold=True),
            OFFICER_LINES,
        ),
        date="{{ occurred_on }}",
        seal=False,
    )


LAYOUTS[K.SITE_RECORD] = _record_layout("在场人员", ())
LAYOUTS[K.INTERVIEW_RECORD] = _record_layout(
    "被询问人",
    (
        P(
            "执法人员告知：我们是{{ agency_name }}的执法人员，现依法进行调查，请予配合。"
            "你有权进行陈述和申辩；如认为执法人员与本案有直接利害关系或者有其他关系可能影响"
            "公正执法的，有权申请回避。你应当如实回答询问，并协助调查。",
            indent=True,
        ),
    ),
)
# The closing statement of an 询问笔录 the party confirms by signing (每页签名).
LAYOUTS[K.INTERVIEW_RECORD] = Layout(
    blocks=(
        *LAYOUTS[K.INTERVIEW_RECORD].blocks,
        P(
            "以上笔录已经被询问人核对（或者已向被询问人宣读），与其所述一致，记录属实。",
            indent=True,
        ),
    ),
    date="{{ occurred_on }}",
    seal=False,
)

LAYOUTS[K.HEARING_RECORD] = Layout(
    blocks=(
        CASE_LINE,
        P("当事人：{{ party_name }}"),
        P("听证时间：{{ held_on }}"),
        _opt("hearing_place", "听证地点"),
        P("听证主持人：{{ chair_name }}"),
        _opt("public_label", "是否公开"),
        P("案件调查人员：{{ investigators }}"),
        _opt("attendees", "参加人员"),
        _opt("recorder", "记录人"),
        If("party_absent", (P("{{ party_absent }}。", indent=True),)),
        P("听证记录：", bold=True),
        P("{{ record_text }}", indent=True),
        If("evidence", (P("音像记录：", bold=True), EVIDENCE_HASHED)),
        _opt("refusal_note", "拒绝签字情况"),
        P("以上笔录已经当事人或者其代理人核对无误。", indent=True),
    ),
    date="{{ held_on }}",
    seal=False,
)

LAYOUTS[K.STATEMENT_RECORD] = Layout(
    blocks=(
        CASE_LINE,
        P("当事人：{{ party_name }}"),
        If("party_address", (P("住所（地址）：{{ party_address }}"),)),
        P("时间：{{ occurred_on }}"),
        _opt("notice_issued_on", "告知日期"),
        P("执法人员：{{ officers_line }}"),
        _opt("recorder", "记录人"),
        P("陈述申辩内容：", bold=True),
        P("{{ statement }}", indent=True),
        If(
            "reconsideration",
            (P("复核意见：", bold=True), P("{{ reconsideration }}", indent=True)),
        ),
        _opt("adopted_label", "是否采纳"),
        P("以上笔录已经当事人核对，与其陈述一致。", indent=True),
        P("执法人员：", bold=True),
        OFFICER_LINES,
    ),
    date="{{ occurred_on }}",
    seal=False,
)

LAYOUTS[K.DELIBERATION_RECORD] = Layout(
    blocks=(
        CASE_LINE,
        P("当事人：{{ party_name }}"),
        P("讨论时间：{{ held_on }}"),
        _opt("host", "主持人"),
        _opt("participants", "出席人员"),
        _opt("recorder", "记录人"),
        If("deliberation_reason", (P("提交集体讨论理由：{{ deliberation_reason }}"),)),
        If("facts", (P("案件事实：", bold=True), P("{{ facts }}", indent=True))),
        P("讨论记录：", bold=True),
        P("{{ minutes }}", indent=True),
        P("讨论决定：", bold=True),
        P("{{ conclusion }}", indent=True),
    ),
    date="{{ held_on }}",
    seal=False,
)

LAYOUTS[K.PENALTY_DECISION] = Layout(
    blocks=(
        P("{{ decision_number }}", align="center"),
        *_party(),
        P(
            "{% if case_title %}当事人{{ case_title }}一案，{% endif %}"
            "本机关依法进行了调查，现已调查终结。{{ notice_summary }}",
            indent=True,
        ),
        P("一、违法事实和证据", bold=True),
        P("经查，{{ facts }}", indent=True),
        P("上述事实，有以下证据证明：{{ evidence_summary }}", indent=True),
        If("evidence", (P("证据清单：", bold=True), EVIDENCE_HASHED)),
        P("二、处罚理由和依据", bold=True),
        If(
            "violated_provision",
            (P("当事人的上述行为违反了{{ violated_provision }}的规定。", indent=True),),
        ),
        If("reasons", (P("{{ reasons }}", indent=True),)),
        P("依据{{ penalty_basis }}的规定。", indent=True),
        P("三、裁量基准适用说明", bold=True),
        P("{{ discretion_explanation }}", indent=True),
        P("四、处罚决定", bold=True),
        P("本机关决定对当事人作出如下行政处罚：{{ penalty_text }}。", indent=True),
        P("责令当事人：{{ correction_order }}", indent=True),
        P("五、履行方式和期限", bold=True),
        P("{{ payment_text }}", indent=True),
        P("六、救济途径和期限", bold=True),
        *REMEDIES,
    ),
    date="{{ decided_on }}",
    number_line=False,
)

LAYOUTS[K.NO_PENALTY_DECISION] = Layout(
    blocks=(
        *_party(),
        P(
            "{% if case_title %}当事人{{ case_title }}一案，{% endif %}本机关依法进行了调查。",
            indent=True,
        ),
        If("facts", (P("经查，{{ facts }}", indent=True),)),
        P("本机关认为，当事人的情形属于{{ outcome_label }}。{{ reasons }}", indent=True),
        P("依据{{ legal_basis }}的规定，本机关决定对当事人不予行政处罚。", indent=True),
        If("education", (P("教育情况：{{ education }}", indent=True),)),
        *REMEDIES,
    ),
    date="{{ decided_on }}",
)

LAYOUTS[K.ON_SITE_DECISION] = Layout(
    blocks=(
        # The pre-numbered form's serial (处罚法 §52): the platform's serial book when it gave one.
        P("编号：{{ document_number or decision_number }}", align="right"),
        *_party(address_required=False),
        P("时间：{{ decided_on }}"),
        P("地点：{{ place }}"),
        P("当事人的违法行为：{{ facts }}", indent=True),
        If("party_statement", (P("当事人陈述申辩：{{ party_statement }}", indent=True),)),
        P("依据{{ penalty_basis }}的规定，当场作出如下行政处罚：{{ penalty_text }}。", indent=True),
        If("correction_order", (P("责令当事人：{{ correction_order }}", indent=True),)),
        P("{{ payment_text }}", indent=True),
        *REMEDIES,
        P("执法人员：{{ officers_line }}"),
        _opt("refusal_note", "当事人拒收情况"),
        P("执法人员签名：", bold=True),
        OFFICER_LINES,
    ),
    date="{{ decided_on }}",
    number_line=False,
)
