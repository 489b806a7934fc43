"""The default layouts of the 行政许可 and 行政检查 文书 (merged into `default_layouts.LAYOUTS`).

Same vocabulary as the penalty 文书; Jinja names are the kinds' declared fields
(contexts/licence.py, contexts/inspection.py).
"""

from __future__ import annotations

from sanxiang.documents.default_layouts import (
    EVIDENCE_HASHED,
    OFFICER_LINES,
    Block,
    If,
    Layout,
    Loop,
    P,
    Rows,
)
from sanxiang.documents.kinds import DocumentKind

K = DocumentKind


def _opt(key: str, label: str) -> If:
    return If(key, (P(f"{label}：{{{{ {key} }}}}"),))


APPLICANT: tuple[Block, ...] = (
    P("{{ party_name }}：", bold=True),
    If("party_identifier", (P("{{ party_identifier_label }}：{{ party_identifier }}"),)),
    If("party_representative", (P("法定代表人（负责人）：{{ party_representative }}"),)),
    If("party_address", (P("住所（地址）：{{ party_address }}"),)),
)
APPLIED = (
    "你（单位）于{{ submitted_on }}"
    "{% if channel_label %}以{{ channel_label }}方式{% endif %}"
    "向本机关提出{{ item_name }}"
    "{% if application_type_label %}（{{ application_type_label }}）{% endif %}申请"
)
REQUEST = P("申请事项：{{ request }}", indent=True)
CONTACT = (_opt("contact_address", "本机关地址"), _opt("contact_phone", "联系电话"))

MORE_LAYOUTS: dict[DocumentKind, Layout] = {}

MORE_LAYOUTS[K.LICENCE_ACCEPTANCE] = Layout(
    blocks=(
        *APPLICANT,
        P(f"{APPLIED}。", indent=True),
        REQUEST,
        P(
            "经审查，该申请属于本机关职权范围，申请材料齐全、符合法定形式，"
            "本机关决定于{{ accepted_on }}予以受理"
            "{% if acceptance_number %}（受理编号：{{ acceptance_number }}）{% endif %}。",
            indent=True,
        ),
        If("deemed_text", (P("{{ deemed_text }}", indent=True),)),
        P(
            "本机关将依照《中华人民共和国行政许可法》第四十二条的规定，自受理之日起"
            "{{ decision_period }}内（即{{ decision_due }}前）作出行政许可决定；"
            "依法需要听证、检验、检测、鉴定、专家评审的，所需时间不计算在上述期限内，本机关将书面告知。",
            indent=True,
        ),
        If(
            "materials",
            (
                P("收到的申请材料：", bold=True),
                Loop(
                    "m",
                    "materials",
                    ("{{ loop.index }}. {{ m.name }}{% if m.note %}（{{ m.note }}）{% endif %}",),
                ),
            ),
        ),
    ),
)

MORE_LAYOUTS[K.LICENCE_CORRECTION_NOTICE] = Layout(
    blocks=(
        *APPLICANT,
        P(f"{APPLIED}。", indent=True),
        REQUEST,
        P(
            "经审查，你（单位）提交的申请材料不齐全或者不符合法定形式。{{ correction_rule }}"
            "{% if round_label %}（{{ round_label }}补正告知）{% endif %}",
            indent=True,
        ),
        Rows(
            headers=("序号", "需要补正的材料或事项", "需要补正的内容及理由"),
            var="i",
            items="items",
            cells=("{{ i.no }}", "{{ i.name }}", "{{ i.reason }}"),
            widths_mm=(14, 56, 86),
        ),
        If("note", (P("说明：{{ note }}", indent=True),)),
        If("correction_after", (P("{{ correction_after }}", indent=True),)),
        P("告知日期：{{ issued_on }}"),
    ),
    date="{{ issued_on }}",
)

MORE_LAYOUTS[K.LICENCE_REFUSAL] = Layout(
    blocks=(
        *APPLICANT,
        P(f"{APPLIED}。", indent=True),
        REQUEST,
        P("经审查，{{ reasons }}", indent=True),
        P("{{ refusal_rule }}", indent=True),
        If("other_authority_text", (P("{{ other_authority_text }}", indent=True),)),
        P("{{ remedy_text }}", indent=True),
    ),
    date="{{ refused_on }}",
)

MORE_LAYOUTS[K.LICENCE_PERIOD_NOTICE] = Layout(
    blocks=(
        *APPLICANT,
        P(
            f"{APPLIED}{{% if accepted_on %}}，本机关已于{{{{ accepted_on }}}}受理{{% endif %}}。",
            indent=True,
        ),
        REQUEST,
        P("现将办理期限有关事项告知如下：{{ period_matter }}", indent=True),
        If(
            "excluded",
            (
                Rows(
                    headers=("事项", "说明", "开始日期", "结束日期", "所用时间"),
                    var="x",
                    items="excluded",
                    cells=(
                        "{{ x.kind_label }}",
                        "{{ x.reason }}",
                        "{{ x.started_on }}",
                        "{{ x.ended_on }}",
                        "{{ x.working_days }}",
                    ),
                    widths_mm=(22, 54, 28, 28, 24),
                ),
            ),
        ),
        _opt("approved_by", "批准延长的负责人"),
        P("本机关将于{{ decision_due }}前作出行政许可决定。", indent=True),
    ),
)

MORE_LAYOUTS[K.LICENCE_HEARING_NOTICE] = Layout(
    blocks=(
        *APPLICANT,
        P(f"{APPLIED}。", indent=True),
        REQUEST,
        _opt("interested_parties", "利害关系人"),
        P("{{ hearing_right }}", indent=True),
        If("hearing_text", (P("{{ hearing_text }}", indent=True),)),
        *CONTACT,
    ),
)

MORE_LAYOUTS[K.LICENCE_GRANT] = Layout(
    blocks=(
        P("{{ decision_number }}", align="center"),
        *APPLICANT,
        P(f"{APPLIED}，本机关依法受理并进行了审查。", indent=True),
        REQUEST,
        If("reasons", (P("{{ reasons }}", indent=True),)),
        P(
            "{% if basis %}依据{{ basis }}的规定，{% endif %}"
            "根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。",
            indent=True,
        ),
        P("一、许可内容：{{ content }}", indent=True),
        P(
            "二、许可证件：{{ licence_name }}{% if licence_number %}（编号：{{ licence_number }}）{% endif %}",
            indent=True,
        ),
        P("三、有效期限：{{ validity_text }}", indent=True),
        If("delivery_text", (P("{{ delivery_text }}", indent=True),)),
        P("本决定依法向社会公开，公众有权查阅。", indent=True),
    ),
    date="{{ decided_on }}",
    number_line=False,
)

MORE_LAYOUTS[K.LICENCE_DENIAL] = Layout(
    blocks=(
        P("{{ decision_number }}", align="center"),
        *APPLICANT,
        P(f"{APPLIED}，本机关依法受理并进行了审查。", indent=True),
        REQUEST,
        P("经审查，{{ reasons }}", indent=True),
        P(
            "{% if basis %}依据{{ basis }}的规定，{% endif %}本机关决定不予行政许可。",
            indent=True,
        ),
        P("{{ remedy_text }}", indent=True),
    ),
    date="{{ decided_on }}",
    number_line=False,
)

MORE_LAYOUTS[K.LICENCE_CERTIFICATE] = Layout(
    blocks=(
        P("{{ licence_name }}", bold=True, align="center"),
        P("编号：{{ licence_number }}", align="center"),
        P("持证人：{{ holder_name }}"),
        If("holder_identifier", (P("{{ holder_identifier_label }}：{{ holder_identifier }}"),)),
        _opt("holder_representative", "法定代表人（负责人）"),
        _opt("holder_address", "住所（地址）"),
        P("许可内容：{{ content }}"),
        P("有效期限：{{ validity_text }}"),
        _opt("decision_number", "许可决定书文号"),
        _opt("previous_number", "原证件编号"),
        P("发证日期：{{ issued_on }}"),
    ),
    date="{{ issued_on }}",
    number_line=False,
)


# --- 行政检查 ---------------------------------------------------------------------------------------

MORE_LAYOUTS[K.INSPECTION_RECORD] = Layout(
    blocks=(
        _opt("case_title", "检查事由"),
        P("检查时间：{{ inspected_on }}"),
        P("检查地点：{{ place }}"),
        P("被检查人：{{ party_name }}"),
        If("party_identifier", (P("{{ party_identifier_label }}：{{ party_identifier }}"),)),
        _opt("party_representative", "法定代表人（负责人）"),
        _opt("party_address", "住所（地址）"),
        _opt("persons", "在场人员"),
        _opt("attestor", "见证人"),
        P("检查人员：{{ officers_line }}"),
        _opt("recorder", "记录人"),
        P("{{ certificate_statement }}。", indent=True),
        P("检查项目：", bold=True),
        Loop("c", "checked_items", ("{{ c.no }}. {{ c.name }}",)),
        P("检查情况：", bold=True),
        P("{{ record_text }}", indent=True),
        If("evidence", (P("现场取证（音像记录）：", bold=True), EVIDENCE_HASHED)),
        _opt("refusal_note", "拒绝签名情况"),
        P("以上笔录已经被检查人核对（或者已向其宣读），记录属实。", indent=True),
        P("检查人员：", bold=True),
        OFFICER_LINES,
    ),
    date="{{ inspected_on }}",
    seal=False,
)

MORE_LAYOUTS[K.CORRECTION_ORDER] = Layout(
    blocks=(
        *APPLICANT,
        P(
            "{% if inspected_on %}本机关于{{ inspected_on }}对你（单位）进行检查，{% endif %}"
            "{% if findings %}发现：{{ findings }}{% endif %}",
            indent=True,
        ),
        P(
            "依据{{ basis }}的规定，本机关于{{ ordered_on }}责令你（单位）于{{ due_on }}前"
            "改正下列问题：",
            indent=True,
        ),
        P("{{ correction_items }}", indent=True),
        P("{{ consequence_text }}", indent=True),
        _opt("officers_line", "检查人员"),
    ),
    date="{{ ordered_on }}",
)

MORE_LAYOUTS[K.INSPECTION_RESULT] = Layout(
    blocks=(
        *APPLICANT,
        P(
            "{% if case_title %}本机关依法对你（单位）开展{{ case_title }}"
            "{% else %}本机关依法对你（单位）开展行政检查{% endif %}"
            "{% if inspected_on %}（检查日期：{{ inspected_on }}）{% endif %}，现将检查结果告知如下。",
            indent=True,
        ),
        If("findings", (P("检查情况：{{ findings }}", indent=True),)),
        If("correction_order", (P("责令改正：{{ correction_order }}", indent=True),)),
        _opt("rechecked_on", "复查日期"),
        P("检查结果：{{ result_label }}", bold=True),
        P("{{ result_text }}", indent=True),
        P("检查结论日期：{{ concluded_on }}"),
        P("本检查结果将依法向社会公开。", indent=True),
        _opt("officers_line", "检查人员"),
    ),
    date="{{ concluded_on }}",
)
