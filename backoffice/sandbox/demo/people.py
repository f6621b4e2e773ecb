"""Fictional applicants, marked so wherever they appear.

Names end in （虚构）. Identity numbers follow schemes no real number can
match, so a demo record can never be mistaken for (or collide with) a real
person or company:

- person (身份证号): ``{4-digit region}XX{yyyymmdd}{3 digits}F`` — real
  numbers have six digits of region and end in a digit or X, never F;
- company (统一社会信用代码): ``91{6-digit division}DEMO{5 digits}F`` — the
  real code's alphabet has no O;
- phone: ``100`` and eight digits, a prefix no mobile network uses.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from backoffice.domain.model import Applicant, ApplicantKind
from backoffice.sandbox.demo.places import Division, fictional_name

FICTIONAL_MARK = "（虚构）"
PERSON_ID = re.compile(r"^\d{4}XX\d{11}F$")
COMPANY_ID = re.compile(r"^91\d{6}DEMO\d{5}F$")

TRADE_NAMES = ("福源", "瑞丰", "金鼎", "松江", "北辰", "德润", "恒信", "宏达", "鑫盛", "长青",
               "天泽", "安康", "华宇", "博远", "兴隆", "和泰", "嘉禾", "润通", "启航", "盛景",
               "同创", "通达", "正阳", "雪域", "白桦", "青松", "鹿鸣", "江畔", "星河", "禾润")


def is_fictional(applicant: Applicant) -> bool:
    """True when both the name and the number carry the demo marks."""
    pattern = PERSON_ID if applicant.kind == ApplicantKind.PERSON else COMPANY_ID
    return applicant.name.endswith(FICTIONAL_MARK) and bool(pattern.match(applicant.id_number))


def _phone(rng: random.Random) -> str:
    return f"100{rng.randrange(10**8):08d}"


def person(division: Division, rng: random.Random) -> Applicant:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(365 * 44))
    number = f"{division.code[:4]}XX{birth:%Y%m%d}{rng.randrange(1000):03d}F"
    return Applicant(fictional_name(rng) + FICTIONAL_MARK, number, ApplicantKind.PERSON,
                     _phone(rng))


def company(division: Division, industry: str, rng: random.Random) -> Applicant:
    suffix = "有限公司" if not industry.endswith(("部", "房")) else "有限责任公司"
    name = f"{division.name}{rng.choice(TRADE_NAMES)}{industry or '商贸'}{suffix}{FICTIONAL_MARK}"
    number = f"91{division.code}DEMO{rng.randrange(10**5):05d}F"
    return Applicant(name, number, ApplicantKind.COMPANY, _phone(rng))


def applicant(division: Division, kinds: str, industry: str, rng: random.Random) -> Applicant:
    """``kinds``: "person", "company" or "both" (the catalog entry says who may apply)."""
    if kinds == "person" or (kinds == "both" and rng.random() < 0.4):
        return person(division, rng)
    return company(division, industry, rng)
