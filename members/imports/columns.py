"""The fields a column can fill, and the header words (Chinese or English) that find them."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


FIELDS = [
    ImportField("name", _("Name"), ("姓名", "名字", "会员姓名", "职工姓名", "name", "fullname"), required=True),
    ImportField("id_number", _("ID number"), (
        "身份证号", "身份证号码", "公民身份号码", "身份证", "居民身份证号码", "身份证件号码", "证件号码", "证件号",
        "idnumber", "idno", "idcard", "idcardnumber", "residentid"), required=True),
    ImportField("gender", _("Gender"), ("性别", "gender", "sex")),
    ImportField("birth_date", _("Birth date"), ("出生日期", "出生年月", "出生年月日", "生日", "birthdate",
                                                 "dateofbirth", "dob", "born")),
    ImportField("ethnicity", _("Ethnicity"), ("民族", "ethnicity", "ethnicgroup")),
    ImportField("phone", _("Mobile number"), ("手机", "手机号", "手机号码", "联系电话", "电话", "电话号码", "联系方式",
                                              "移动电话", "mobile", "mobilenumber", "phone", "phonenumber", "tel")),
    ImportField("employer", _("Employer"), ("工作单位", "单位", "所在单位", "用人单位", "单位名称", "employer",
                                            "workunit", "company")),
    ImportField("post", _("Post"), ("岗位", "职务", "工种", "职位", "岗位职务", "post", "position", "job", "jobtitle")),
    ImportField("education", _("Education"), ("学历", "文化程度", "最高学历", "education")),
    ImportField("employment_type", _("Employment type"), ("用工形式", "用工性质", "用工类型", "用工方式", "人员类别",
                                                          "employmenttype", "employment")),
    ImportField("political_status", _("Political status"), ("政治面貌", "政治身份", "党派", "politicalstatus",
                                                            "politicalaffiliation")),
    ImportField("joined_on", _("Joined on"), ("入会时间", "入会日期", "入会年月", "入会年月日", "加入工会时间",
                                              "joinedon", "joined", "joindate", "datejoined"), required=True),
    ImportField("card_number", _("Member card number"), ("会员证号", "会员证号码", "会员证编号", "会员卡号", "会员证",
                                                         "cardnumber", "membercardnumber", "cardno")),
    ImportField("unit", _("Branch or group"), ("分会", "所在分会", "所属分会", "分工会", "工会小组", "车间", "部门",
                                               "branch", "unit", "group")),
    ImportField("status", _("Status"), ("会籍状态", "会员状态", "状态", "status")),
    ImportField("left_on", _("Left on"), ("离会时间", "离会日期", "退会时间", "leftOn", "lefton", "left")),
]
FIELD_BY_NAME = {f.name: f for f in FIELDS}

_BRACKETED = re.compile(r"[（(\[【].*?[)）\]】]")
_NOISE = re.compile(r"[\s*＊:：_\-/.、]+")


def header_key(header) -> str:
    """"身份证号码（必填）*" → "身份证号码"; "ID No." → "idno"."""
    from .values import text

    return _NOISE.sub("", _BRACKETED.sub("", text(header))).lower()


SYNONYMS = {header_key(s): f.name for f in FIELDS for s in f.synonyms}


def field_for(header) -> str | None:
    key = header_key(header)
    if not key:
        return None
    if key in SYNONYMS:
        return SYNONYMS[key]
    # English or Chinese labels as this app itself writes them (an exported roster re-imports).
    return _label_keys().get(key)


@functools.cache
def _label_keys() -> dict[str, str]:
    """{header key of a field's label in each language: field name}, the first field winning:
    built once (header_score asks it of every cell of a file's first rows)."""
    from django.conf import settings
    from django.utils import translation

    keys: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for field in FIELDS:
                keys.setdefault(header_key(str(field.label)), field.name)
    return keys


def guess_mapping(headers: list) -> dict[str, str]:
    """{column index (as str, JSON's key type): field name}; each field at most once, first wins."""
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        field = field_for(header)
        if field and field not in taken:
            mapping[str(index)] = field
            taken.add(field)
    return mapping


def header_score(row: list) -> int:
    return len({field_for(cell) for cell in row if cell not in (None, "")} - {None})
