"""The Chinese wording of demo opinions, reasons and commitments."""

from __future__ import annotations

import datetime as dt

from backoffice.domain.model import Applicant, ApplicantKind

GRANT_OPINIONS = (
    "经审查，申请材料齐全，符合法定形式，同意办理。",
    "材料真实、合法、规范，本部门无异议，同意。",
    "经审查，申请人符合法定条件和标准，同意准予许可。",
)
INSPECTED_OPINIONS = (
    "经审查，申请材料齐全、符合法定形式；经现场核查，场所条件与申请材料一致，同意。",
    "现场勘察符合要求，勘察中告知的问题已当场整改完毕，同意。",
    "经材料审查和现场核查，符合许可条件，本部门同意。",
)
GRANT_REASONS = (
    "申请材料齐全、符合法定形式，经审查符合法定条件、标准，准予行政许可。",
    "经审查和现场核查，申请人符合法定条件，决定准予许可。",
)
ESCALATION_REASON = "本事项属上级机关审批权限，经初审申请材料齐全、符合上报条件，依法上报审批。"
# Why a decision came after the deadline (the desk asks for one before sealing).
OVERDUE_REASONS = (
    "申请人补正材料后需重新核查，核查完毕时已超过承诺时限。",
    "联合现场勘察因申请人原因改期，办结时间相应顺延。",
    "系统故障导致审批流转延误，已作情况说明。",
)
EXTENSION_REASONS = (
    "需组织专家对技术方案进行论证，二十个工作日内不能作出决定，经本机关负责人批准延长期限。",
    "申请事项涉及多个部门联合现场勘察，经本机关负责人批准延长期限，并已告知申请人理由。",
    "申请人补正材料后需重新核查现场，经本机关负责人批准延长期限。",
)

# (a word in the material's name, what is typically wrong with such a material)
_CORRECTIONS = (
    ("平面", "平面图未标注安全出口和疏散通道位置，请补充标注后重新提交"),
    ("布局", "布局图与现场实际不符，请按实际布局重新绘制"),
    ("申请", "申请书缺少法定代表人签字，未加盖申请单位公章"),
    ("身份证明", "身份证明复印件不清晰，请提供清晰的扫描件"),
    ("制度", "管理制度内容与实际经营项目不符，请按实际经营情况修改"),
    ("方案", "方案内容不完整，缺少应急处置措施，请补充"),
    ("报告", "报告已超过有效期，请提供近一年内出具的报告"),
    ("合同", "合同未载明工程价款和工期，请补充"),
    ("协议", "协议未载明有效期限，请补充"),
    ("图", "图纸未加盖设计单位出图章，请补充"),
)


def correction_reason(material: str) -> str:
    for word, reason in _CORRECTIONS:
        if word in material:
            return reason
    return "证明文件已超过有效期，请提供有效期内的证明"


def commitment(applicant: Applicant, material: str, due: dt.date) -> str:
    """The applicant's written commitment for a deferred material (容缺受理承诺书)."""
    who = "本人" if applicant.kind == ApplicantKind.PERSON else "本单位"
    return (f"{who}承诺于{due.year}年{due.month}月{due.day}日前补交{material}，"
            f"逾期未补交或补交材料不符合要求的，自愿承担相应法律责任。")
