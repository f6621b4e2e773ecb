"""Where the demo happens: Jilin divisions, their departments, their people.

Division codes are the real ones (GB/T 2260); department names follow how a
Jilin province, city or county names its bodies (a county has a 消防救援大队,
not a 支队; its ecology office is a branch of the city bureau). People are
fictional and their display names say so (（演示）).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from backoffice.domain.model import Department

DEMO_MARK = "（演示）"  # on every demo user's display name


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str  # "province" | "city" | "county"
    tag: str  # in usernames: scjg.cc.reviewer1
    doc_prefix: str  # first characters of a document number (文号)
    parent: str = ""  # the city above a county, for branch offices
    districts: tuple[str, ...] = ()
    streets: tuple[str, ...] = ()


DIVISIONS: tuple[Division, ...] = (
    Division("220000", "吉林省", "province", "sheng", "吉"),
    Division("220100", "长春市", "city", "cc", "长",
             districts=("南关区", "朝阳区", "宽城区", "二道区", "绿园区", "净月高新技术产业开发区"),
             streets=("人民大街", "自由大路", "解放大路", "亚泰大街", "卫星路", "西安大路",
                      "东盛大街", "前进大街", "普阳街", "临河街")),
    Division("220200", "吉林市", "city", "jl", "吉市",
             districts=("船营区", "昌邑区", "龙潭区", "丰满区"),
             streets=("解放中路", "重庆街", "吉林大街", "松江中路", "北京路", "遵义东路",
                      "珲春街")),
    Division("220400", "辽源市", "city", "ly", "辽",
             districts=("龙山区", "西安区"),
             streets=("人民大街", "辽河大路", "福镇大路", "向阳路", "南康街", "东吉大街")),
    Division("220681", "临江市", "county", "lj", "临", parent="白山市",
             districts=("建国街道", "新市街道", "兴隆街道", "大湖街道"),
             streets=("江滨路", "人民街", "建设路", "临江大街", "友谊路")),
)
DIVISION_BY_CODE = {d.code: d for d in DIVISIONS}

# Places outside the divisions above, for sites of provincial cases.
PROVINCE_SITES: tuple[str, ...] = (
    "吉林省白山市抚松县抚松工业园区", "吉林省延边朝鲜族自治州敦化市经济开发区",
    "吉林省吉林市磐石市经济开发区", "吉林省通化市梅河口市医药高新区",
    "吉林省松原市宁江区石化产业园", "吉林省四平市铁东区红嘴经济开发区",
)


@dataclass(frozen=True, slots=True)
class DepartmentKind:
    abbr: str  # code prefix: SCJG-220100
    short: str  # in checklists and document numbers
    city: str  # name suffix for a city
    county: str  # for a county; "{parent}" and "{name}" are filled in
    province: str | None  # None: no such body at province level


DEPARTMENT_KINDS: tuple[DepartmentKind, ...] = (
    DepartmentKind("SCJG", "市监", "市场监督管理局", "{name}市场监督管理局", "市场监督管理厅"),
    DepartmentKind("XFJY", "消防", "消防救援支队", "{name}消防救援大队", "消防救援总队"),
    DepartmentKind("WSJK", "卫健", "卫生健康委员会", "{name}卫生健康局", "卫生健康委员会"),
    DepartmentKind("ZRZY", "自然资源", "自然资源局", "{name}自然资源局", "自然资源厅"),
    DepartmentKind("ZJ", "住建", "住房和城乡建设局", "{name}住房和城乡建设局", "住房和城乡建设厅"),
    DepartmentKind("STHJ", "生态环境", "生态环境局", "{parent}生态环境局{name}分局", "生态环境厅"),
    DepartmentKind("CSGL", "城管", "城市管理局", "{name}城市管理局", None),
    DepartmentKind("JTYS", "交通", "交通运输局", "{name}交通运输局", "交通运输厅"),
    DepartmentKind("WHLY", "文旅", "文化广播电视和旅游局", "{name}文化广播电视和旅游局",
                   "文化和旅游厅"),
    DepartmentKind("GA", "公安", "公安局", "{name}公安局", "公安厅"),
)
KIND_BY_ABBR = {k.abbr: k for k in DEPARTMENT_KINDS}


def department_code(abbr: str, division: str) -> str:
    return f"{abbr}-{division}"


def abbr_of(department: str) -> str:
    return department.split("-", 1)[0]


def build_departments() -> tuple[Department, ...]:
    out: list[Department] = []
    for division in DIVISIONS:
        for kind in DEPARTMENT_KINDS:
            if division.level == "province":
                if kind.province is None:
                    continue
                name = division.name + kind.province
            elif division.level == "county":
                name = kind.county.format(name=division.name, parent=division.parent)
            else:
                name = division.name + kind.city
            out.append(Department(department_code(kind.abbr, division.code), name, division.code))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    display_name: str
    department_code: str
    roles: tuple[str, ...]


SURNAMES = ("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾于金崔姜朴"
            "董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢傅钟")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文博宇浩然"
         "思雨欣怡子涵梓轩晨阳佳琪雪松海燕志刚春梅晓东秀珍立新丹丹")


def fictional_name(rng: random.Random) -> str:
    """A common-sounding Chinese name; the caller adds the mark that says it is made up."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _staff(level: str) -> list[tuple[str, tuple[str, ...]]]:
    """(username stem, roles) of a department's people by the size of the office."""
    if level == "county":  # small offices: the head reviews and signs
        return [("reviewer1", ("reviewer",)), ("reviewer2", ("reviewer", "signer")),
                ("inspector1", ("inspector", "coordinator")), ("inspector2", ("inspector",))]
    reviewers = 3 if level == "city" else 2
    inspectors = 2 if level == "city" else 1
    return [
        *((f"reviewer{i}", ("reviewer",)) for i in range(1, reviewers + 1)),
        *((f"inspector{i}", ("inspector",)) for i in range(1, inspectors + 1)),
        ("signer1", ("signer",)),
        ("coordinator1", ("coordinator",)),
    ]


def build_users(departments: tuple[Department, ...], rng: random.Random) -> tuple[DemoUser, ...]:
    """Predictable ASCII usernames (scjg.cc.reviewer1); fictional display names."""
    users: list[DemoUser] = []
    taken: set[str] = set()
    for dept in departments:
        division = DIVISION_BY_CODE[dept.division_code]
        prefix = f"{abbr_of(dept.code).lower()}.{division.tag}"
        for stem, roles in _staff(division.level):
            name = fictional_name(rng)
            while name in taken:  # one person, one name: the UI shows names, not usernames
                name = fictional_name(rng)
            taken.add(name)
            users.append(DemoUser(f"{prefix}.{stem}", name + DEMO_MARK, dept.code, roles))
    return tuple(users)


def site_address(division: Division, rng: random.Random) -> str:
    if division.level == "province":
        return f"{rng.choice(PROVINCE_SITES)}{rng.choice(('园区路', '兴业街', '创新大道'))}" \
               f"{rng.randint(1, 399)}号"
    place = division.name if division.level != "county" else f"{division.parent}{division.name}"
    return (f"吉林省{place}{rng.choice(division.districts)}{rng.choice(division.streets)}"
            f"{rng.randint(1, 2999)}号")
