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
EVIDENCE_HASHED: Loop = Loop(
    "e",
    "evidence",
    ("{{ loop.index }}. {{ e.name }}{% if e.sha256 %}（SHA-256：{{ e.sha256 }}）{% endif %}",),
)
REMEDIES = (P("{{ remedy_text }}", indent=True), P("{{ not_suspended_text }}", indent=True))
OFFICER_LINES: Loop = Loop(
    "o", "officers", ("{{ o.name }}（执法证号：{{ o.certificate_number }}）",)
)
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


# --- 审批表 (two-column tables) -------------------------------------------------------------------

PARTY_ROWS = (
    ("当事人", "{{ party_name }}"),
    ("当事人类型", "{{ party_kind_label }}"),
    ("{{ party_identifier_label }}", "{{ party_identifier }}"),
    ("法定代表人（负责人）", "{{ party_representative }}"),
    ("住所（地址）", "{{ party_address }}"),
    ("联系电话", "{{ party_phone }}"),
)

LAYOUTS[K.FILING_APPROVAL] = Layout(
    blocks=(
        Grid(
            (
                ("案由", "{{ case_title }}"),
                ("案号", "{{ case_ref }}"),
                *PARTY_ROWS,
                ("案件来源", "{{ source_label }}"),
                ("案源情况", "{{ source_detail }}"),
                ("发现日期", "{{ discovered_on }}"),
                ("违法行为发生日期", "{{ act_date }}"),
                ("承办机构", "{{ unit_name }}"),
                ("案情及立案理由（承办人意见）", "{{ filing_reason }}\n{{ submitted_on }}"),
                ("承办人及执法证号", "{{ officers_line }}"),
                (
                    "负责人审批意见",
                    "{{ approval_opinion }}\n审批人：{{ approver }}　{{ approved_on }}",
                ),
            )
        ),
        P("承办人：", bold=True),
        OFFICER_LINES,
    ),
    seal=False,
)

LAYOUTS[K.CLOSING_APPROVAL] = Layout(
    blocks=(
        Grid(
            (
                ("案由", "{{ case_title }}"),
                ("案号", "{{ case_ref }}"),
                *PARTY_ROWS,
                ("立案日期", "{{ filed_on }}"),
                ("处理结果", "{{ outcome_label }}"),
                ("决定书文号", "{{ decision_number }}"),
                ("决定日期", "{{ decided_on }}"),
                ("处罚内容", "{{ penalty_text }}"),
                ("执行情况", "{{ execution_text }}"),
                ("结案报告", "{{ closing_summary }}"),
                ("结案日期", "{{ closed_on }}"),
                ("承办人及执法证号", "{{ officers_line }}"),
                ("承办机构意见", ""),
                ("负责人审批意见", ""),
            )
        ),
        If("officers", (P("承办人：", bold=True), OFFICER_LINES)),
    ),
    seal=False,
)

LAYOUTS[K.FILE_COVER] = Layout(
    blocks=(
        P(""),
        Grid(
            (
                ("案由", "{{ case_title }}"),
                ("案号", "{{ case_ref }}"),
                ("当事人", "{{ party_name }}"),
                ("承办机构", "{{ unit_name }}"),
                ("承办人", "{{ officers_line }}"),
                ("处理结果", "{{ outcome_label }}"),
                ("决定书文号", "{{ decision_number }}"),
                ("决定日期", "{{ decided_on }}"),
                ("处罚内容", "{{ penalty_text }}"),
                ("立案日期", "{{ filed_on }}"),
                ("结案日期", "{{ closed_on }}"),
                ("归档日期", "{{ archived_on }}"),
                ("档案号", "{{ archive_number }}"),
                ("保管期限", "{{ retention }}"),
                ("卷内页数", "{{ total_pages }}"),
            )
        ),
    ),
    seal=False,
)

LAYOUTS[K.FILE_INDEX] = Layout(
    blocks=(
        P("案由：{{ case_title }}"),
        P("案号：{{ case_ref }}"),
        _opt("party_name", "当事人"),
        _opt("archive_number", "档案号"),
        Rows(
            headers=("序号", "文件名称", "文号", "日期", "页号", "备注"),
            var="r",
            items="entries",
            cells=(
                "{{ r.no }}",
                "{{ r.title }}",
                "{{ r.number }}",
                "{{ r.date }}",
                "{{ r.pages }}",
                "{{ r.note }}",
            ),
            widths_mm=(12, 50, 36, 26, 16, 16),
        ),
    ),
    seal=False,
)


# --- 调查取证 -------------------------------------------------------------------------------------

ITEM_ROWS = Rows(
    headers=("序号", "物品名称", "规格", "数量", "单位", "备注"),
    var="i",
    items="items",
    cells=(
        "{{ i.no }}",
        "{{ i.name }}",
        "{{ i.spec }}",
        "{{ i.quantity }}",
        "{{ i.unit }}",
        "{{ i.note }}",
    ),
    widths_mm=(12, 50, 30, 20, 16, 28),
)

LAYOUTS[K.EVIDENCE_PRESERVATION_NOTICE] = Layout(
    blocks=(
        P("{{ party_name }}：", bold=True),
        P(
            "{% if case_title %}本机关在调查你（单位）{{ case_title }}一案中，{% endif %}"
            "因证据可能灭失或者以后难以取得，经本机关负责人{{ approved_by }}批准，"
            "依据《中华人民共和国行政处罚法》第五十六条的规定，"
            "于{{ started_on }}在{{ place }}对下列物品先行登记保存。",
            indent=True,
        ),
        P("理由和依据：{{ measure_reason }}", indent=True),
        ITEM_ROWS,
        P(
            "在先行登记保存期间，你（单位）或者有关人员不得销毁或者转移证据。"
            "本机关将在七个工作日内（{{ due_on }}前）及时作出处理决定。",
            indent=True,
        ),
        _opt("officers_line", "执法人员"),
    ),
)

LAYOUTS[K.SEIZURE_DECISION] = Layout(
    blocks=(
        *_party(address_required=False),
        P(
            "{% if case_title %}本机关在调查你（单位）{{ case_title }}一案中，{% endif %}"
            "根据{{ measure_reason }}，本机关决定对你（单位）的下列场所、设施或者财物"
            "实施{{ measure_kind_label }}（详见所附清单）：",
            indent=True,
        ),
        P("地点：{{ place }}"),
        ITEM_ROWS,
        P(
            "{{ measure_kind_label }}期限自{{ started_on }}起至{{ due_on }}止"
            "（不超过三十日；情况复杂的，经本机关负责人批准可以延长，但延长期限不超过三十日）。"
            "{{ extended_text }}",
            indent=True,
        ),
        _opt("approved_by", "批准负责人"),
        P(
            "在{{ measure_kind_label }}期间，对被{{ measure_kind_label }}的场所、设施或者财物，"
            "任何人不得擅自启封、使用、转移、损毁。",
            indent=True,
        ),
        *REMEDIES,
        _opt("officers_line", "执法人员"),
    ),
)

LAYOUTS[K.SEIZURE_LIST] = Layout(
    blocks=(
        P("当事人：{{ party_name }}"),
        If("party_address", (P("住所（地址）：{{ party_address }}"),)),
        P("措施：{{ measure_kind_label }}"),
        P("地点：{{ place }}"),
        P("日期：{{ started_on }}"),
        ITEM_ROWS,
        P("本清单一式两份，一份交当事人，一份附卷。", indent=True),
        _opt("officers_line", "执法人员"),
    ),
)

LAYOUTS[K.INVESTIGATION_REPORT] = Layout(
    blocks=(
        P("案由：{{ case_title }}"),
        _opt("case_ref", "案号"),
        _opt("filed_on", "立案日期"),
        *_party(address_required=False),
        P("调查终结日期：{{ concluded_on }}"),
        P("承办人：{{ officers_line }}"),
        P("一、违法事实", bold=True),
        P("{{ facts }}", indent=True),
        P("二、证据情况", bold=True),
        P("{{ evidence_summary }}", indent=True),
        If("evidence", (EVIDENCE_HASHED,)),
        P("三、违反的法律规定和处罚依据", bold=True),
        If("violated_provision", (P("违反：{{ violated_provision }}", indent=True),)),
        If("penalty_basis", (P("依据：{{ penalty_basis }}", indent=True),)),
        P("四、裁量基准适用", bold=True),
        If(
            "discretion_explanation",
            (P("{{ discretion_explanation }}", indent=True),),
        ),
        If("tier_label", (P("裁量阶次：{{ tier_label }}", indent=True),)),
        If(
            "benchmark_name",
            (P("裁量基准：{{ benchmark_name }}{{ benchmark_version }}", indent=True),),
        ),
        If(
            "discretion_circumstances",
            (P("违法情节：{{ discretion_circumstances }}", indent=True),),
        ),
        If("discretion_reason", (P("裁量理由：{{ discretion_reason }}", indent=True),)),
        P("五、处理意见", bold=True),
        P("{{ proposal }}", indent=True),
        P("承办人：", bold=True),
        OFFICER_LINES,
    ),
    seal=False,
)


# --- 告知, 听证 -------------------------------------------------------------------------------------

CONTACT = (
    If("contact_address", (P("本机关地址：{{ contact_address }}"),)),
    If("contact_phone", (P("联系电话：{{ contact_phone }}"),)),
)

LAYOUTS[K.PENALTY_NOTICE] = Layout(
    blocks=(
        P("{{ party_name }}：", bold=True),
        If("party_identifier", (P("{{ party_identifier_label }}：{{ party_identifier }}"),)),
        If("party_address", (P("住所（地址）：{{ party_address }}"),)),
        P(
            "{% if case_title %}本机关对你（单位）{{ case_title }}一案进行了调查。{% endif %}"
            "经查，{{ facts }}",
            indent=True,
        ),
        P("本机关认为：{{ reasons }}", indent=True),
        P(
            "依据{{ basis }}的规定，本机关拟对你（单位）作出如下行政处罚：{{ proposed_penalty }}。",
            indent=True,
        ),
        P("{{ rights_text }}", indent=True),
        If("hearing_text", (P("{{ hearing_text }}", indent=True),)),
        *CONTACT,
    ),
    date="{{ notice_date }}",
)

LAYOUTS[K.HEARING_NOTICE] = Layout(
    blocks=(
        P("{{ party_name }}：", bold=True),
        P(
            "{% if requested_on %}你（单位）于{{ requested_on }}提出的听证申请，本机关已依法受理。{% endif %}"
            "{% if case_title %}本机关定于{{ hearing_date }}在{{ hearing_place }}"
            "就{{ case_title }}一案{% else %}本机关定于{{ hearing_date }}在{{ hearing_place }}{% endif %}"
            "{{ public_label }}听证{% if not_public_reason %}（不公开的理由：{{ not_public_reason }}）{% endif %}。",
            indent=True,
        ),
        If("proposed_penalty", (P("拟作出的行政处罚：{{ proposed_penalty }}。", indent=True),)),
        P("听证主持人：{{ chair_name }}", indent=True),
        P(
            "请你（单位）按时出席。你（单位）可以亲自参加听证，也可以委托一至二人代理；"
            "委托代理人参加的，应当提交授权委托书。你（单位）认为主持人与本案有直接利害关系的，"
            "有权申请回避。无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利。",
            indent=True,
        ),
        *CONTACT,
    ),
)


# --- 送达 -------------------------------------------------------------------------------------------

LAYOUTS[K.SERVICE_ADDRESS_CONFIRMATION] = Layout(
    blocks=(
        _opt("case_title", "案由"),
        Grid(
            (
                ("受送达人", "{{ recipient }}"),
                ("{{ party_identifier_label }}", "{{ party_identifier }}"),
                ("送达地址", "{{ service_address }}"),
                ("联系人", "{{ contact_person }}"),
                ("联系电话", "{{ contact_phone }}"),
                ("电子送达方式", "{{ electronic_channel }}"),
                ("电子送达地址", "{{ electronic_address }}"),
            )
        ),
        If("electronic_consent", (P("{{ electronic_consent }}", indent=True),)),
        P(
            "告知事项：受送达人应当如实提供送达地址，送达地址变更的，应当及时书面告知本机关。"
            "因受送达人提供的地址不准确、变更未及时告知、拒不提供或者本人、指定的代收人拒绝签收，"
            "导致执法文书未能被实际接收的，文书退回之日视为送达之日。"
            "受送达人同意并签订本确认书的，本机关可以采用传真、电子邮件等方式送达执法文书"
            "（《中华人民共和国行政处罚法》第六十一条）。",
            indent=True,
        ),
        P("当事人：{{ party_name }}"),
    ),
    seal=False,
)

LAYOUTS[K.SERVICE_RECEIPT] = Layout(
    blocks=(
        Grid(
            (
                ("送达文书名称", "{{ served_document }}"),
                ("文书文号", "{{ served_document_number }}"),
                ("案由", "{{ case_title }}"),
                ("当事人", "{{ party_name }}"),
                ("受送达人", "{{ recipient }}"),
                ("送达地点", "{{ service_address }}"),
                ("送达方式", "{{ method_label }}"),
                ("送达日期", "{{ served_on }}"),
                ("受送达人签名", ""),
                ("送达情况说明（拒收事由）", "{{ note }}"),
                ("见证人", "{{ witness }}"),
            )
        ),
    ),
)


# --- 执行 -------------------------------------------------------------------------------------------

LAYOUTS[K.PAYMENT_REMINDER] = Layout(
    blocks=(
        P("{{ party_name }}：", bold=True),
        P(
            "本机关于{{ decided_on }}对你（单位）作出《行政处罚决定书》（{{ decision_number }}）"
            "{% if fine_text %}，决定处以罚款{{ fine_text }}{% endif %}"
            "{% if served_on %}，该决定书已于{{ served_on }}送达{% endif %}。"
            "你（单位）至今未履行缴纳罚款的义务。",
            indent=True,
        ),
        P(
            "根据《中华人民共和国行政处罚法》第七十二条和《中华人民共和国行政强制法》"
            "第三十五条、第四十五条的规定，现催告你（单位）于{{ performance_deadline }}前"
            "履行下列义务：缴纳{{ amount_text }}"
            "{% if fine_outstanding_text %}（其中罚款{{ fine_outstanding_text }}"
            "{% if late_fee_text %}，加处罚款{{ late_fee_text }}{% endif %}）{% endif %}。",
            indent=True,
        ),
        P("履行方式：{{ payment_method }}", indent=True),
        If("demand_content", (P("{{ demand_content }}", indent=True),)),
        P(
            "加处罚款按每日罚款数额的百分之三计算，数额不超出罚款的数额。"
            "你（单位）收到本催告书后有权进行陈述和申辩；逾期仍不履行且无正当理由的，"
            "本机关将依法申请人民法院强制执行。",
            indent=True,
        ),
    ),
)


# --- 法制审核 -----------------------------------------------------------------------------------------

LAYOUTS[K.REVIEW_OPINION] = Layout(
    blocks=(
        P("{{ opinion_number }}", align="right"),
        Grid(
            (
                ("案由", "{{ case_title }}"),
                ("案号", "{{ case_ref }}"),
                ("当事人", "{{ party_name }}"),
                ("承办机构", "{{ unit_name }}"),
                (
                    "送审情况",
                    "第{{ submission_version }}次送审，{{ submitted_on }}"
                    "{% if submitted_by %}，送审人：{{ submitted_by }}{% endif %}",
                ),
                ("重大执法决定情形", "{{ major_grounds_text }}"),
                ("拟作出的决定", "{{ draft_summary }}"),
                ("送审稿摘要（SHA-256）", "{{ draft_sha256 }}"),
            )
        ),
        If("draft_facts", (P("拟认定的违法事实：{{ draft_facts }}", indent=True),)),
        If("draft_basis", (P("拟适用的依据：{{ draft_basis }}", indent=True),)),
        P("逐项审核意见", bold=True),
        Rows(
            headers=("序号", "审核事项", "审核结果", "问题及修改意见"),
            var="f",
            items="findings",
            cells=("{{ f.no }}", "{{ f.label }}", "{{ f.result_label }}", "{{ f.comment }}"),
            widths_mm=(14, 62, 24, 56),
        ),
        P("审核结论：{{ conclusion }}", bold=True),
        If("comment", (P("审核意见：{{ comment }}", indent=True),)),
        If(
            "externals",
            (
                P("法律顾问、公职律师意见", bold=True),
                Loop(
                    "x",
                    "externals",
                    (
                        "{{ x.role_label }}{{ x.name }}"
                        "{% if x.organisation %}（{{ x.organisation }}）{% endif %}"
                        "{% if x.conclusion_label %}：{{ x.conclusion_label }}{% endif %}。"
                        "{{ x.opinion }}（{{ x.given_on }}）",
                    ),
                ),
            ),
        ),
        P(
            "法制审核人员：{{ reviewer_name }}"
            "{% if reviewer_qualification %}（法律职业资格证书编号：{{ reviewer_qualification }}）"
            "{% endif %}"
        ),
        P("审核日期：{{ given_on }}"),
    ),
    date="{{ given_on }}",
    number_line=False,
)


# 行政许可 and 行政检查 文书 live in their own module (it imports the vocabulary above).
from sanxiang.documents.default_layouts_licence import MORE_LAYOUTS  # noqa: E402

LAYOUTS.update(MORE_LAYOUTS)
