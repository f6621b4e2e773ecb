"""The demo catalog (事项目录): service items and "one thing" bundles per division.

Names, legal bases and time limits are modelled on Jilin's published
implementation lists; promised days sit inside the statutory ones, and a
bundle handled jointly by several departments gets the joint limit of
行政许可法 Art. 42 ¶2 (45 days). Data, not logic: the tables below are the
whole catalog, expanded over every division that offers an item.
"""

from __future__ import annotations

from dataclasses import dataclass

from backoffice.domain.deadlines import JOINT_DECISION_DAYS
from backoffice.domain.model import CaseKind, Department, ServiceItem
from backoffice.domain.model import SpecialProcedureKind as SP
from backoffice.sandbox.demo.places import DIVISIONS, KIND_BY_ABBR, department_code


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One department's part of an item: its own step limit; one step leads."""

    department_code: str
    step_days: int
    lead: bool
    needs_inspection: bool


@dataclass(frozen=True, slots=True)
class MaterialSpec:
    name: str
    department_code: str  # the department that reviews it
    required: bool = True
    original_required: bool = False  # originals to bring (8.4.2, 8.4.3)
    deferrable: bool = False  # may be accepted against a commitment (容缺, 3.5)
    from_shared_platform: bool = False  # an e-licence the platform looks up (9.1.2)


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    item: ServiceItem
    departments: tuple[StepSpec, ...]
    legal_basis: str
    checklist: tuple[str, ...]  # 现场勘察要点; empty when no step inspects
    materials: tuple[MaterialSpec, ...]
    bundle: str | None  # the "one thing" (一件事) this entry is, e.g. "开办餐馆"
    special_procedures: tuple[SP, ...] = ()  # the kinds that occur for this item
    applicants: str = "company"  # "person", "company" or "both"
    industry: str = ""  # what a company applicant does, for its fictional name
    refusal: str = ""  # a typical reason for refusing

    @property
    def lead(self) -> StepSpec:
        return next(s for s in self.departments if s.lead)


# Material flags: o = original to bring, d = deferrable, s = from the shared platform, ? = optional.
_LICENCE = ("营业执照（电子证照）", "s")
_ID_LEGAL = ("法定代表人（负责人）身份证明", "o")


@dataclass(frozen=True, slots=True)
class _Item:
    key: str  # DEPT-nnn, unique
    name: str
    promised: int
    statutory: int
    legal: str
    materials: tuple[tuple[str, str], ...]
    checklist: tuple[str, ...] = ()
    specials: tuple[SP, ...] = ()
    applicants: str = "company"
    industry: str = "商贸"
    # Said after "经审查，" in the lead's opinion: not begun with it again.
    refusal: str = "申请人不符合法定条件"
    levels: str = "CX"  # C city, X county, P province
    kind: CaseKind = CaseKind.PROMISED

    @property
    def abbr(self) -> str:
        return self.key.split("-")[0]


ITEMS: tuple[_Item, ...] = (
    _Item("SCJG-001", "食品经营许可证核发", 5, 10,
          "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》第十九条",
          (("食品经营许可申请书", ""), _LICENCE, _ID_LEGAL, ("经营场所平面布局图", ""),
           ("设备布局和工艺流程图", "d"), ("食品安全管理制度文本", "d"),
           ("食品安全管理人员培训考核合格证明", "d?")),
          ("经营场所地址、面积与申请材料一致", "食品处理区布局符合生进熟出、防止交叉污染",
           "设有防尘、防鼠、防虫和洗手消毒设施", "冷藏冷冻设施运转正常，温度符合要求",
           "从业人员健康证明在有效期内"),
          (SP.TESTING,), "both", "餐饮管理",
          "经现场核查，食品处理区布局不能防止交叉污染，不符合《食品经营许可和备案管理办法》规定的许可条件"),
    _Item("SCJG-002", "个体工商户设立登记", 0, 3,
          "《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》第十九条",
          (("个体工商户登记（备案）申请书", ""), ("经营者身份证明", "o"),
           ("经营场所使用相关文件", "")),
          applicants="person", industry="", kind=CaseKind.IMMEDIATE),
    _Item("SCJG-003", "药品零售企业经营许可", 15, 20,
          "《中华人民共和国药品管理法》第五十二条；《药品经营和使用质量监督管理办法》",
          (("药品经营许可证申请表", ""), _LICENCE, ("执业药师注册证", "o"),
           ("经营场所和仓库平面布局图", ""), ("质量管理文件目录", "d"),
           ("计算机管理系统情况说明", "d")),
          ("营业场所与药品储存设施符合要求", "执业药师在岗在职", "温湿度监测设备运行正常",
           "处方药与非处方药分区陈列", "计算机系统能实现药品可追溯"),
          (SP.EXPERT_REVIEW,), "company", "大药房",
          "执业药师配备不符合《药品经营和使用质量监督管理办法》规定的条件"),
    _Item("XFJY-001", "公众聚集场所投入使用、营业前消防安全检查", 5, 10,
          "《中华人民共和国消防法》第十五条",
          (("公众聚集场所投入使用、营业前消防安全检查申请表", ""), _LICENCE,
           ("场所平面布置图和消防设施平面图", ""), ("消防安全制度、灭火和应急疏散预案", ""),
           ("员工岗前消防安全教育培训记录", "d"), ("建设工程消防验收意见（电子证照）", "s")),
          ("疏散通道、安全出口畅通，数量符合要求", "应急照明和疏散指示标志完好有效",
           "灭火器配置数量和类型符合要求", "火灾自动报警、自动喷水灭火系统运行正常",
           "室内装修材料燃烧性能符合要求", "员工会报警、会使用灭火器、会组织疏散"),
          (SP.TESTING,), "company", "文化娱乐",
          "经现场检查，场所疏散通道被占用、安全出口数量不足，不符合消防技术标准"),
    _Item("WSJK-001", "公共场所卫生许可", 10, 20,
          "《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条",
          (("公共场所卫生许可申请表", ""), _LICENCE, _ID_LEGAL,
           ("场所平面图和卫生设施平面布局图", ""), ("公共场所卫生检测或者评价报告", "d"),
           ("公共场所卫生管理制度", "d"), ("从业人员健康合格证明", "o")),
          ("卫生设施与平面布局图一致", "通风设施运转正常", "设有公共用品用具清洗消毒间",
           "从业人员健康合格证明在有效期内", "卫生检测报告项目齐全"),
          (SP.TESTING,), "company", "酒店管理",
          "卫生检测报告显示空气质量指标不合格，不符合《公共场所卫生管理条例》规定"),
    _Item("WSJK-002", "医疗机构执业登记", 20, 45,
          "《医疗机构管理条例》第十五条；《医疗机构管理条例实施细则》",
          (("医疗机构执业登记申请书", ""), ("医疗机构设置批准书（电子证照）", "s"),
           ("医疗机构用房产权证明或使用证明", ""), ("医疗机构建筑设计平面图", ""),
           ("医疗机构规章制度", "d"), ("卫生技术人员名录及执业证书", "o")),
          ("诊疗科目与设置批准一致", "医疗用房布局符合院感要求", "医疗废物暂存设施规范",
           "卫生技术人员配备符合基本标准"),
          (SP.EXPERT_REVIEW,), "company", "口腔门诊部",
          "卫生技术人员配备不符合医疗机构基本标准"),
    _Item("ZRZY-001", "建设工程规划许可证核发", 10, 20, "《中华人民共和国城乡规划法》第四十条",
          (("建设工程规划许可申请表", ""), ("不动产权证书（电子证照）", "s"),
           ("建设用地规划许可证（电子证照）", "s"), ("建设工程设计方案总平面图", ""),
           ("建设工程设计方案文本", ""), ("建筑节能设计说明", "d")),
          specials=(SP.EXPERT_REVIEW,), industry="房地产开发",
          refusal="建设工程设计方案容积率超出规划条件，不符合控制性详细规划"),
    _Item("ZRZY-002", "采矿权新立登记（初审上报）", 15, 20,
          "《中华人民共和国矿产资源法》第三条；《矿产资源开采登记管理办法》第五条",
          (("采矿权申请登记书", ""), ("矿产资源开发利用方案", ""), ("矿区范围图", ""),
           ("环境影响评价批复文件（电子证照）", "s"), ("采矿权出让收益缴纳凭证", "o")),
          ("矿区范围拐点坐标与申请一致", "矿区内无其他矿业权重叠", "生态保护红线避让情况"),
          (SP.EXPERT_REVIEW, SP.APPRAISAL), "company", "矿业", levels="C",
          kind=CaseKind.ESCALATED),
    _Item("ZRZY-003", "采矿权新立登记", 20, 40, "《矿产资源开采登记管理办法》第五条、第九条",
          (("采矿权申请登记书", ""), ("矿产资源开发利用方案", ""), ("矿区范围图", ""),
           ("环境影响评价批复文件（电子证照）", "s")),
          ("矿区范围拐点坐标与申请一致", "矿区内无其他矿业权重叠"),
          (SP.EXPERT_REVIEW, SP.AUCTION), "company", "矿业",
          "申请矿区范围与生态保护红线重叠", levels="P"),
    _Item("STHJ-001", "排污许可证核发", 15, 20,
          "《中华人民共和国环境保护法》第四十五条；《排污许可管理条例》",
          (("排污许可证申请表", ""), _LICENCE, ("自行监测方案", ""),
           ("污染防治设施说明及工艺流程图", ""), ("环境影响评价审批文件（电子证照）", "s"),
           ("排污口和监测孔规范化设置情况说明", "d")),
          ("污染防治设施与申请一致并正常运行", "排污口设置规范、标志齐全", "自动监测设备联网"),
          (SP.TESTING, SP.HEARING), "company", "食品加工",
          "污染物排放浓度超过国家规定的排放标准"),
    _Item("STHJ-002", "建设项目环境影响报告表审批", 15, 30,
          "《中华人民共和国环境影响评价法》第二十二条",
          (("建设项目环境影响报告表审批申请", ""), ("建设项目环境影响报告表", ""),
           ("项目备案（核准）文件（电子证照）", "s"), ("公众参与说明", "d?")),
          ("项目选址与报告表一致", "周边环境敏感目标情况属实"),
          (SP.EXPERT_REVIEW, SP.HEARING), "company", "建材制造",
          "项目选址位于饮用水水源保护区内，不符合环境影响评价法规定"),
    _Item("STHJ-003", "建设项目环境影响报告书审批（初审上报）", 15, 20,
          "《中华人民共和国环境影响评价法》第二十二条、第二十三条",
          (("建设项目环境影响报告书审批申请", ""), ("建设项目环境影响报告书", ""),
           ("项目备案（核准）文件（电子证照）", "s"), ("公众参与说明", "")),
          ("项目选址与报告书一致", "环境敏感目标核实"),
          (SP.EXPERT_REVIEW, SP.HEARING), "company", "化工", levels="C",
          kind=CaseKind.ESCALATED),
    _Item("STHJ-004", "建设项目环境影响报告书审批", 30, 60,
          "《中华人民共和国环境影响评价法》第二十二条",
          (("建设项目环境影响报告书审批申请", ""), ("建设项目环境影响报告书", ""),
           ("技术评估报告", ""), ("公众参与说明", "")),
          ("项目选址与报告书一致", "环境敏感目标核实"),
          (SP.EXPERT_REVIEW, SP.HEARING), "company", "化工",
          "项目不符合区域生态环境分区管控要求", levels="P"),
    _Item("ZJ-001", "建筑工程施工许可证核发", 3, 7,
          "《中华人民共和国建筑法》第八条；《建筑工程施工许可管理办法》第五条",
          (("建筑工程施工许可证申请表", ""), ("建设工程规划许可证（电子证照）", "s"),
           ("施工合同", "o"), ("施工图设计文件审查合格书", ""), ("建设资金已经落实承诺书", ""),
           ("工程质量安全监督手续", "d")),
          industry="建设工程", refusal="施工图设计文件未经审查合格，不符合建筑法第八条规定的条件"),
    _Item("ZJ-002", "特殊建设工程消防验收", 10, 15,
          "《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》",
          (("特殊建设工程消防验收申请表", ""), ("工程竣工验收报告", ""),
           ("消防设施检测报告", "d"), ("涉及消防的建设工程竣工图纸", "")),
          ("消防车道和登高操作场地符合设计", "防火分区和防火门设置符合设计",
           "消防设施联动测试正常"),
          (SP.TESTING,), "company", "房地产开发", "消防设施联动测试不合格"),
    _Item("ZJ-003", "城镇污水排入排水管网许可", 7, 15,
          "《城镇排水与污水处理条例》第二十一条",
          (("城镇污水排入排水管网许可申请表", ""), _LICENCE,
           ("排水管网、检测井和排放口位置图", ""), ("排水水质检测报告", "d"),
           ("预处理设施说明", "?")),
          ("隔油池等预处理设施运行正常", "专用检测井设置规范", "雨污分流"),
          (SP.TESTING,), "company", "餐饮管理", "排水水质检测超出排入标准"),
    _Item("CSGL-001", "城市建筑垃圾处置核准", 5, 20,
          "《城市建筑垃圾管理规定》第七条；《国务院对确需保留的行政审批项目设定行政许可的决定》第101项",
          (("城市建筑垃圾处置核准申请表", ""), ("建筑垃圾处置方案", ""),
           ("运输车辆行驶证（电子证照）", "s"), ("消纳场所受纳协议", "")),
          industry="渣土运输", refusal="运输车辆未安装密闭装置和行驶记录仪"),
    _Item("CSGL-002", "设置大型户外广告及在城市建筑物、设施上悬挂、张贴宣传品审批", 5, 20,
          "《城市市容和环境卫生管理条例》第十一条",
          (("户外广告设置申请表", ""), _LICENCE, ("广告设计效果图", ""),
           ("设置场地产权证明或使用协议", ""), ("结构安全检测报告", "d")),
          ("设置位置与效果图一致", "牌匾结构牢固、无安全隐患", "不遮挡交通标志和消防通道"),
          (), "company", "广告传媒", "设置位置不符合户外广告设置规划"),
    _Item("JTYS-001", "道路货物运输经营许可", 10, 20, "《中华人民共和国道路运输条例》第二十四条",
          (("道路货物运输经营申请表", ""), ("负责人身份证明", "o"),
           ("机动车辆行驶证（电子证照）", "s"), ("驾驶人员从业资格证", "o"),
           ("安全生产管理制度文本", "d")),
          applicants="both", industry="物流", refusal="驾驶人员从业资格不符合要求"),
    _Item("JTYS-002", "道路运输从业人员从业资格证补发", 0, 5,
          "《中华人民共和国道路运输条例》第二十二条；《道路运输从业人员管理规定》",
          (("从业资格证补发申请表", ""), ("申请人身份证明", "o")),
          applicants="person", industry="", kind=CaseKind.IMMEDIATE),
    _Item("JTYS-003", "道路旅客运输班线经营许可", 15, 20, "《中华人民共和国道路运输条例》第十条",
          (("道路旅客运输班线经营申请表", ""), ("进站方案", ""),
           ("机动车辆行驶证（电子证照）", "s"), ("安全生产管理制度文本", "")),
          industry="客运", refusal="客运班线起讫站点不具备相应等级", levels="P"),
    _Item("WHLY-001", "娱乐场所经营许可", 10, 20, "《娱乐场所管理条例》第九条",
          (("娱乐场所经营许可申请表", ""), _LICENCE, ("投资人、法定代表人身份证明", "o"),
           ("场所平面示意图", ""), ("无违法犯罪记录承诺书", "d")),
          ("场所面积、包厢数量与申请一致", "包厢门窗透明，未设置隔断", "闭路电视监控系统运行正常"),
          (SP.HEARING,), "company", "文化娱乐", "场所边界距学校不足规定距离"),
    _Item("GA-001", "旅馆业特种行业许可证核发", 10, 20, "《旅馆业治安管理办法》第四条",
          (("特种行业许可证申请登记表", ""), _LICENCE, _ID_LEGAL, ("旅馆建筑平面图", ""),
           ("治安保卫制度", "d"), ("旅客住宿登记系统安装证明", "")),
          ("旅客住宿登记系统正常运行", "贵重物品保管设施符合要求", "安全防范设施齐全"),
          (), "company", "酒店管理", "治安防范设施不符合《旅馆业治安管理办法》要求"),
)
ITEM_BY_KEY = {i.key: i for i in ITEMS}


@dataclass(frozen=True, slots=True)
class _Bundle:
    key: str
    name: str  # the "one thing"
    promised: int
    members: tuple[str, ...]  # item keys, the lead's first


BUNDLES: tuple[_Bundle, ...] = (
    _Bundle("YJS-001", "开办餐馆", 10, ("SCJG-001", "XFJY-001", "WSJK-001", "CSGL-002")),
    _Bundle("YJS-002", "开办旅馆", 10, ("GA-001", "WSJK-001", "XFJY-001")),
    _Bundle("YJS-003", "开办歌舞娱乐场所", 12, ("WHLY-001", "XFJY-001", "WSJK-001")),
    _Bundle("YJS-004", "工程建设项目开工", 15, ("ZJ-001", "ZRZY-001", "STHJ-002", "CSGL-001")),
)


def _materials(item: _Item, dept: str) -> list[MaterialSpec]:
    return [MaterialSpec(name, dept, required="?" not in flags, original_required="o" in flags,
                         deferrable="d" in flags, from_shared_platform="s" in flags)
            for name, flags in item.materials]


def _single(item: _Item, division: str) -> CatalogEntry:
    dept = department_code(item.abbr, division)
    materials = _materials(item, dept)
    inspects = bool(item.checklist)
    service = ServiceItem(f"{division}-{item.key}", item.name, dept, item.promised,
                          item.statutory, item.kind, tuple(m.name for m in materials), inspects)
    return CatalogEntry(service, (StepSpec(dept, item.promised, True, inspects),), item.legal,
                        item.checklist, tuple(materials), None, item.specials, item.applicants,
                        item.industry, item.refusal)


def _bundle(bundle: _Bundle, division: str) -> CatalogEntry:
    members = [ITEM_BY_KEY[k] for k in bundle.members]
    lead = members[0]
    steps, materials, checklist, seen = [], [], [], set()
    for n, item in enumerate(members):
        dept = department_code(item.abbr, division)
        # a department's step ends before the bundle's promise, leaving the lead time to decide
        days = bundle.promised if n == 0 else min(item.promised, bundle.promised - 2)
        steps.append(StepSpec(dept, days, n == 0, bool(item.checklist)))
        for spec in _materials(item, dept):
            if spec.name not in seen:  # asked once, reviewed by the first department needing it
                seen.add(spec.name)
                materials.append(spec)
        short = KIND_BY_ABBR[item.abbr].short
        checklist += [f"【{short}】{point}" for point in item.checklist]
    specials = tuple(dict.fromkeys(s for item in members for s in item.specials))
    inspects = any(s.needs_inspection for s in steps)
    service = ServiceItem(f"{division}-{bundle.key}", f"{bundle.name}“一件事”",
                          steps[0].department_code, bundle.promised, JOINT_DECISION_DAYS,
                          CaseKind.PROMISED, tuple(m.name for m in materials), inspects)
    legal = "；".join(dict.fromkeys(item.legal for item in members))
    return CatalogEntry(service, tuple(steps), legal, tuple(checklist), tuple(materials),
                        bundle.name, specials, lead.applicants, lead.industry, lead.refusal)


def build_catalog(departments: tuple[Department, ...]) -> tuple[CatalogEntry, ...]:
    """Every division's items and bundles, in a stable order."""
    present = {d.code for d in departments}
    entries: list[CatalogEntry] = []
    for division in DIVISIONS:
        level = {"province": "P", "city": "C", "county": "X"}[division.level]
        for item in ITEMS:
            if level in item.levels and department_code(item.abbr, division.code) in present:
                entries.append(_single(item, division.code))
        if level != "P":
            entries += [_bundle(b, division.code) for b in BUNDLES]
    return tuple(entries)
