"""Every row checked; the bad ones listed (row, column, value, reason), the good ones planned.

The check never stops at the first problem: the officer fixes the whole file at once. It
creates or updates members keyed by ID number, inside the union chosen for the import:

* the ID number belongs to a member of that union (or its branches): the row updates them
  (a blank cell keeps what is there);
* it belongs to a current member of another union: refused, since only a transfer moves a
  member between unions;
* otherwise the row creates a member.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import json
import operator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from unionadmin.models import Organisation
from unionadmin.scoping import covering_paths
from unionadmin.validators import validate_mobile

from ..ethnicities import ETHNICITY_CHOICES, ETHNICITY_SYNONYMS
from ..models import Member
from ..rules import member_problems
from ..validators import (
    ID_CHECK,
    ID_WEIGHTS,
    birth_date_from_id,
    division_is_known,
    gender_from_id,
    validate_id_number,
)
from . import values as v
from .columns import FIELD_BY_NAME
from .reading import Sheet, iter_cells

MAX_STORED_ERRORS = 10_000
DATE_FIELDS = {"birth_date", "joined_on", "left_on"}
LIMITS = {"name": 50, "ethnicity": 20, "employer": 100, "post": 50, "card_number": 30}

GENDER_SYNONYMS = {"男": "male", "女": "female", "男性": "male", "女性": "female", "m": "male", "f": "female"}
EDUCATION_SYNONYMS = {
    "小学": "primary", "小学及以下": "primary", "文盲": "primary", "初中": "junior", "初中及以下": "junior",
    "高中": "senior", "中专": "senior", "职高": "senior", "中职": "senior", "技校": "senior", "高中/中专": "senior",
    "高中及中专": "senior", "大专": "college", "专科": "college", "大学专科": "college", "高职": "college",
    "本科": "bachelor", "大学本科": "bachelor", "大学": "bachelor", "学士": "bachelor", "研究生": "postgraduate",
    "硕士": "postgraduate", "硕士研究生": "postgraduate", "博士": "postgraduate", "博士研究生": "postgraduate",
    # What rosters and HR systems write besides (博士后 is a post, not a level: the officer reads it).
    "小学以下": "primary", "小学学历": "primary", "半文盲": "primary", "初级中学": "junior", "初中学历": "junior",
    "高级中学": "senior", "普通高中": "senior", "普高": "senior", "高中学历": "senior", "中专学历": "senior",
    "中等专业学校": "senior", "中等专科": "senior", "中技": "senior", "技工学校": "senior", "职业高中": "senior",
    "中师": "senior", "高中(中专)": "senior", "中专/高中": "senior", "高中/中专/技校": "senior",
    "大专学历": "college", "高职高专": "college", "专科(高职)": "college", "成人大专": "college", "电大": "college",
    "本科学历": "bachelor", "全日制本科": "bachelor", "学士学位": "bachelor", "双学士": "bachelor",
    "研究生学历": "postgraduate", "在职研究生": "postgraduate", "硕士学位": "postgraduate", "博士学位": "postgraduate",
}
EMPLOYMENT_SYNONYMS = {
    "正式": "regular", "正式职工": "regular", "正式工": "regular", "固定工": "regular", "在岗": "regular",
    "在岗职工": "regular", "长期职工": "regular", "全日制": "regular",
    "在编": "established", "编制内": "established", "事业编制": "established", "事业编": "established",
    "行政编制": "established", "公务员": "established", "参公": "established", "在编人员": "established",
    "编内": "established", "机关编制": "established",
    "合同制": "contract", "合同工": "contract", "合同制职工": "contract", "劳动合同制": "contract",
    "编外": "contract", "编外聘用": "contract", "聘用": "contract", "聘用制": "contract", "人事代理": "contract",
    "劳务派遣": "dispatched", "派遣": "dispatched", "派遣工": "dispatched", "劳务派遣工": "dispatched",
    "外包": "dispatched", "劳务外包": "dispatched",
    "农民工": "migrant", "进城务工人员": "migrant", "进城务工": "migrant", "务工人员": "migrant",
    "外来务工": "migrant", "外来务工人员": "migrant",
    "正式员工": "regular", "长期工": "regular", "合同": "contract", "在编在岗": "established", "事业单位编制": "established",
    "事业编制人员": "established", "编制内人员": "established", "正式在编": "established",
    "合同制员工": "contract", "合同制工人": "contract", "劳动合同工": "contract", "合同聘用": "contract",
    "聘用人员": "contract", "聘用合同制": "contract", "编制外": "contract", "编外人员": "contract",
    "劳务派遣人员": "dispatched", "劳务派遣员工": "dispatched", "派遣员工": "dispatched", "派遣制": "dispatched",
    "被派遣劳动者": "dispatched", "派遣人员": "dispatched",
    "农民合同制工": "migrant", "农民合同工": "migrant", "农村进城务工人员": "migrant", "外来工": "migrant",
    "临时用工": "temporary", "临时人员": "temporary", "临时聘用": "temporary", "季节性用工": "temporary",
    "非全日制用工": "part_time", "兼职人员": "part_time", "钟点工": "part_time",
    "退休返聘人员": "rehired_retiree", "返聘人员": "rehired_retiree", "退休再聘": "rehired_retiree",
    "新业态": "new_forms", "新就业形态从业人员": "new_forms", "平台从业人员": "new_forms", "网约配送员": "new_forms",
    "骑手": "new_forms", "灵活就业人员": "new_forms",
    "临时工": "temporary", "临时": "temporary", "季节工": "temporary", "临聘": "temporary", "临聘人员": "temporary",
    "非全日制": "part_time", "兼职": "part_time", "小时工": "part_time",
    "退休返聘": "rehired_retiree", "返聘": "rehired_retiree", "退休再就业": "rehired_retiree",
    "新就业形态": "new_forms", "新就业形态劳动者": "new_forms", "灵活就业": "new_forms", "灵活用工": "new_forms",
    "快递员": "new_forms", "外卖骑手": "new_forms", "网约车司机": "new_forms", "货车司机": "new_forms",
    "平台用工": "new_forms", "其他": "other", "其它": "other",
}
POLITICAL_SYNONYMS = {
    "中共党员": "cpc_member", "党员": "cpc_member", "共产党员": "cpc_member", "中国共产党党员": "cpc_member",
    "预备党员": "cpc_probationary", "中共预备党员": "cpc_probationary",
    "团员": "league_member", "共青团员": "league_member", "中国共产主义青年团团员": "league_member",
    "民主党派": "democratic_party", "民革": "democratic_party", "民革党员": "democratic_party",
    "民盟": "democratic_party", "民盟盟员": "democratic_party", "民建": "democratic_party",
    "民建会员": "democratic_party", "民进": "democratic_party", "民进会员": "democratic_party",
    "农工党": "democratic_party", "农工党党员": "democratic_party", "致公党": "democratic_party",
    "致公党党员": "democratic_party", "九三学社": "democratic_party", "九三学社社员": "democratic_party",
    "台盟": "democratic_party", "台盟盟员": "democratic_party",
    "无党派": "non_partisan", "无党派人士": "non_partisan", "无党派民主人士": "non_partisan",
    "群众": "masses", "无": "masses",
    "正式党员": "cpc_member", "中国共产党员": "cpc_member", "中共": "cpc_member",
    "中共党员(预备)": "cpc_probationary", "党员(预备)": "cpc_probationary",
    "中国共产党预备党员": "cpc_probationary", "共青团": "league_member", "青年团员": "league_member",
    "民主党派人士": "democratic_party", "中国国民党革命委员会": "democratic_party",
    "中国民主同盟": "democratic_party", "中国民主建国会": "democratic_party", "中国民主促进会": "democratic_party",
    "中国农工民主党": "democratic_party", "农工": "democratic_party", "中国致公党": "democratic_party",
    "台湾民主自治同盟": "democratic_party", "九三": "democratic_party", "普通群众": "masses",
}
# Choice fields a value may be read as "empty" for: gender (then taken from the ID number),
# education and political status. The others always hold a value.
EMPTY_ALLOWED = {"gender", "education", "political_status"}
STATUS_SYNONYMS = {
    "在会": "active", "正常": "active", "在职": "active", "会员": "active", "在册": "active", "退休": "retired",
    "离退休": "retired", "离休": "retired", "去世": "deceased", "死亡": "deceased", "已故": "deceased",
    "病故": "deceased", "退会": "withdrawn", "已退会": "withdrawn", "转出": "transferred", "调出": "transferred",
    "正式会员": "active", "在职会员": "active", "有效": "active", "已退休": "retired", "退休会员": "retired",
    "离世": "deceased", "过世": "deceased", "身故": "deceased", "会籍注销": "withdrawn", "已转出": "transferred",
    "调离": "transferred",
}

# The model's column names a member row carries, in the order writing.py copies them.
MEMBER_COLUMNS = [f.attname for f in Member._meta.concrete_fields if f.attname != "id"]


def choice_parsers(value_mapping: dict | None = None) -> dict[str, v.ChoiceParser]:
    """A parser per choice field; ``value_mapping`` ({field: {value key: choice}}) is the
    officer's reading of values no table knows."""
    value_mapping = value_mapping or {}
    tables = {
        "gender": (Member.Gender.choices, GENDER_SYNONYMS),
        "education": (Member.Education.choices, EDUCATION_SYNONYMS),
        "employment_type": (Member.EmploymentType.choices, EMPLOYMENT_SYNONYMS),
        "political_status": (Member.PoliticalStatus.choices, POLITICAL_SYNONYMS),
        "status": (Member.Status.choices, STATUS_SYNONYMS),
    }
    parsers = {name: v.ChoiceParser(name, choices, synonyms, value_mapping.get(name))
               for name, (choices, synonyms) in tables.items()}
    parsers["ethnicity"] = v.EthnicityParser("ethnicity", ETHNICITY_CHOICES, ETHNICITY_SYNONYMS,
                                             value_mapping.get("ethnicity"))
    return parsers


def _parsers(value_mapping=None):
    # Columns whose values repeat are read once per distinct cell (Remembered); ID numbers,
    # mobiles and card numbers are each written once, and are read directly.
    parsers = {
        "name": v.Remembered(v.person_name), "id_number": v.id_number, "birth_date": v.Remembered(v.date_value),
        "phone": v.phone, "employer": v.Remembered(v.text), "post": v.Remembered(v.text),
        "joined_on": v.Remembered(v.date_value), "card_number": v.compact, "unit": v.Remembered(v.text),
        "left_on": v.Remembered(v.date_value),
    }
    parsers.update(choice_parsers(value_mapping))
    return parsers


@dataclass
class Plan:
    creates: list[dict] = field(default_factory=list)
    # The new members as the check kept them for the write (writing.member_line of each), when
    # read back from a kept plan (``creates`` is then empty); None: the write renders ``creates``.
    create_lines: list[str] | None = None
    updates: list[dict] = field(default_factory=list)  # full rows, with "id"
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0  # rows with at least one error
    total_rows: int = 0
    refused_rows: list[int] = field(default_factory=list)  # every row with a problem, in file order
    # What is imported but deserves a second look (never refuses), in the form of ``errors``.
    warnings: list[dict] = field(default_factory=list)
    # Values of choice columns no table knows: {(field, key): {"value": as written, "count": n}}
    unknown: dict[tuple[str, str], dict] = field(default_factory=dict)
    # The ID numbers the check looked up, and a digest of all it read from the database (see
    # Database.version): the apply writes this plan as it is when the digest is still the same.
    ids: list[str] = field(default_factory=list)
    version: str = ""

    @property
    def unknown_values(self) -> list[dict]:
        """[{field, value, key, count}] by field, most frequent first (stored on the job)."""
        found = [{"field": f, "key": k, **seen} for (f, k), seen in self.unknown.items()]
        return sorted(found, key=lambda u: (u["field"], -u["count"], u["key"]))

    @property
    def ok(self):
        return self.error_count == 0


class _Errors:
    def __init__(self, plan: Plan, columns: dict[str, str]):
        self.plan = plan
        self.columns = columns  # field → the header as written in the file
        self.bad_rows: set[int] = set()
        self.bad_cells: set[tuple[int, str]] = set()

    def add(self, row: int, field_name: str, raw, code: str, params: dict | None = None):
        self.bad_rows.add(row)
        self.bad_cells.add((row, field_name))
        if len(self.plan.errors) < MAX_STORED_ERRORS:
            self.plan.errors.append(self._entry(row, field_name, raw, code, params))

    def warn(self, row: int, field_name: str, raw, code: str, params: dict | None = None):
        if len(self.plan.warnings) < MAX_STORED_ERRORS:
            self.plan.warnings.append(self._entry(row, field_name, raw, code, params))

    def _entry(self, row, field_name, raw, code, params):
        column = self.columns.get(field_name) or str(FIELD_BY_NAME[field_name].label if field_name in
                                                     FIELD_BY_NAME else field_name)
        shown = v.date_shown(raw) if field_name in DATE_FIELDS else v.text(raw)
        return {"row": row, "column": column, "field": field_name, "value": shown[:100], "code": code,
                "params": params or {}}


def check(sheet: Sheet, mapping: dict[str, str], union: Organisation, user, *, value_mapping: dict | None = None,
          today: datetime.date | None = None, lock: bool = False, progress=None) -> Plan:
    """Check every row of ``sheet`` for an import into ``union`` by ``user``; ``value_mapping``
    reads choice values no table knows ({field: {value key: choice}}, see ImportJob).

    With ``lock``, the members the file touches are locked (SELECT … FOR UPDATE) so nothing
    changes them between this check and the write in the same transaction.
    """
    from django.utils import timezone

    today = today or timezone.localdate()
    plan = Plan(total_rows=len(sheet.rows))
    columns = {f: v.text(sheet.headers[int(i)]) if int(i) < len(sheet.headers) else f
               for i, f in mapping.items() if f}
    errors = _Errors(plan, columns)
    mapped = set(columns)
    parsers = {name: parse for name, parse in _parsers(value_mapping).items() if name in mapped}
    union_id = union.pk
    system_today = datetime.date.today()  # what validate_id_number compares birth dates with

    # --- pass 1: each cell on its own -----------------------------------------------------
    rows: list[tuple[int, dict, dict]] = []  # (row number, parsed values, raw cells)
    step = max(len(sheet.rows) // 20, 1)
    for count, (number, cells) in enumerate(iter_cells(sheet, mapping)):
        parsed = {}
        for name, raw in cells.items():
            try:
                parsed[name] = parsers[name](raw)
            except v.CellError as error:
                errors.add(number, name, raw, error.code, error.params)
                parsed[name] = None
                if error.code == "bad_choice":
                    seen = plan.unknown.setdefault((name, v.value_key(raw)), {"value": v.text(raw), "count": 0})
                    seen["count"] += 1
        _check_cells(number, parsed, cells, errors, system_today)
        rows.append((number, parsed, cells))
        if progress and count % step == 0:
            progress("checking", count / max(len(sheet.rows), 1) * 0.6)

    # --- what the database already holds --------------------------------------------------
    plan.ids = sorted({p["id_number"] for n, p, c in rows if p.get("id_number")})
    database = Database.read(plan.ids, union, user, mapped, lock=lock)
    plan.version = database.version(today)
    existing, units, cards_in_use = database.existing, database.units, database.cards_in_use
    visible_paths = database.visible_paths
    if progress:
        progress("checking", 0.7)

    # --- pass 2: each row against the others and the database -----------------------------
    seen_ids: dict[str, int] = {}
    seen_cards: dict[str, int] = {}
    for number, parsed, cells in rows:
        id_number = parsed.get("id_number")
        if not id_number:
            continue
        if id_number in seen_ids:
            errors.add(number, "id_number", cells.get("id_number"), "duplicate_id", {"row": seen_ids[id_number]})
            continue
        seen_ids[id_number] = number
        candidates = existing.get(id_number, [])
        current = _pick(candidates, union.path)
        target_union_id = current["union_id"] if current else union_id
        if parsed.get("unit"):
            unit = units.get(parsed["unit"])
            if unit is None:
                errors.add(number, "unit", cells.get("unit"), "unknown_unit", {"value": parsed["unit"],
                                                                              "union": union.name})
            else:
                target_union_id = unit
        row = dict(current) if current else _new_row(union_id)
        for name in ("name", "ethnicity", "phone", "employer", "post", "education", "employment_type", "joined_on",
                     "card_number", "status", "left_on", "gender", "political_status"):
            value = parsed.get(name)
            if value not in (None, ""):
                row[name] = value
        row["union_id"] = target_union_id
        row["id_number"] = id_number
        row["birth_date"] = _birth(id_number[6:14])
        if not row.get("gender"):
            row["gender"] = gender_from_id(id_number)
        for required in ("name", "joined_on"):
            if current is None and not row.get(required) and (number, required) not in errors.bad_cells:
                errors.add(number, required, cells.get(required), "required")
        for field_name, code, params in member_problems(
            id_number=id_number, gender=parsed.get("gender") or "", joined_on=row.get("joined_on"),
            left_on=row.get("left_on"), status=row["status"], birth_date=parsed.get("birth_date"), today=today,
        ):
            target = field_name if field_name in mapped else "id_number"
            errors.add(number, target, cells.get(target), code, params)
        if candidates and row["status"] == Member.Status.ACTIVE:
            elsewhere = next((c for c in candidates if c["status"] == Member.Status.ACTIVE
                              and (current is None or c["id"] != current["id"])), None)
            if elsewhere is not None:
                shown = any(elsewhere["union__path"].startswith(p) for p in visible_paths)
                if shown:
                    errors.add(number, "id_number", cells.get("id_number"), "member_elsewhere",
                               {"union": elsewhere["union__name"]})
                else:
                    errors.add(number, "id_number", cells.get("id_number"), "member_elsewhere_hidden")
        card = row.get("card_number") or ""
        if card and parsed.get("card_number"):
            if card in seen_cards:
                errors.add(number, "card_number", cells.get("card_number"), "duplicate_card",
                           {"row": seen_cards[card]})
            else:
                seen_cards[card] = number
                holder = cards_in_use.get(card)
                if holder is not None and (current is None or holder != current["id"]):
                    errors.add(number, "card_number", cells.get("card_number"), "card_taken", {"value": card})
        if number in errors.bad_rows:
            continue
        if current is None:
            plan.creates.append(row)
        elif any(row[c] != current[c] for c in MEMBER_COLUMNS):
            plan.updates.append(row)
        else:
            plan.unchanged += 1
    plan.error_count = len(errors.bad_rows)
    plan.refused_rows = sorted(errors.bad_rows)
    plan.errors.sort(key=lambda e: e["row"])
    if progress:
        progress("checking", 1.0)
    return plan


def _check_cells(number, parsed, cells, errors, system_today):
    for name, limit in LIMITS.items():
        value = parsed.get(name)
        if value and len(value) > limit:
            errors.add(number, name, cells.get(name), "too_long", {"limit": limit})
    id_number = parsed.get("id_number")
    if id_number is not None:
        if not id_number:
            errors.add(number, "id_number", cells.get("id_number"), "required")
        elif not _surely_valid_id(id_number, system_today):  # the common case without building an exception
            try:
                validate_id_number(id_number)
            except ValidationError as error:
                errors.add(number, "id_number", cells.get("id_number"), error.code, error.params)
                parsed["id_number"] = None
        if parsed["id_number"] and not division_is_known(id_number[:6]):
            # Division lists are incomplete: an unknown code is looked at, never refused (cached by
            # the code: a roster has a few hundred).
            errors.warn(number, "id_number", cells.get("id_number"), "division_unknown", {"code": id_number[:6]})
    phone = parsed.get("phone")
    if phone:
        try:
            validate_mobile(phone)
        except ValidationError as error:
            errors.add(number, "phone", cells.get("phone"), error.code, error.params)
    for name in ("joined_on", "left_on", "birth_date"):
        day = parsed.get(name)
        if day and day.year < 1900:
            errors.add(number, name, cells.get(name), "date_too_early", {"value": v.text(cells.get(name)),
                                                                         "year": day.year})


_ID_ZERO = ord("0") * sum(ID_WEIGHTS)


@functools.lru_cache(maxsize=65536)
def _birth(digits: str) -> datetime.date | None:
    """The birth date of an ID number's characters 7–14 (rosters repeat birthdays)."""
    return birth_date_from_id("000000" + digits)


def _surely_valid_id(number: str, today: datetime.date | None = None) -> bool:
    """True when validate_id_number would accept ``number`` (an 18-character ASCII number with
    a real birth date up to ``today``, the system's date as the validator takes it, and the right
    check character): decided with a few C-level calls. False
    means "let validate_id_number say what is wrong" (or whether it is right after all)."""
    if len(number) != 18 or not number.isascii() or not number[:17].isdigit():
        return False
    last = number[17]
    if not (last.isdigit() or last == "X"):
        return False
    born = _birth(number[6:14])
    if born is None or born.year < 1900 or born > (today or datetime.date.today()):
        return False
    return ID_CHECK[(sum(map(operator.mul, number[:17].encode(), ID_WEIGHTS)) - _ID_ZERO) % 11] == last


def _blank_member() -> dict:
    row = {}
    for f in Member._meta.concrete_fields:
        if f.attname != "id":
            row[f.attname] = f.get_default() if f.has_default() else (None if f.null else "")
    row.update(card_batch_id=None, card_issued_on=None, left_on=None, is_model_worker=False, is_cadre=False)
    return row


_BLANK_MEMBER = _blank_member()


def _new_row(union_id) -> dict:
    return {**_BLANK_MEMBER, "union_id": union_id}


@dataclass
class Database:
    """All a check reads from the database besides the file: the members with the file's ID
    numbers (with their unions' path and name), the union's branches by name, the member
    cards in use in its grassroots union, and where the person who imports may look."""

    existing: dict[str, list[dict]]
    units: dict[str, int]
    cards_in_use: dict[str, int]
    visible_paths: list[str]

    @classmethod
    def read(cls, ids: list[str], union: Organisation, user, mapped, *, lock: bool = False) -> Database:
        return cls(
            existing=_existing_members(ids, lock),
            units=_units(union) if "unit" in mapped else {},
            cards_in_use=_cards_in_use(_grassroots_of(union)) if "card_number" in mapped else {},
            visible_paths=([""] if user is None or user.is_superuser
                           else covering_paths(user, Member.scope.roles_for("view"))),
        )

    def version(self, today: datetime.date) -> str:
        """A digest of everything read (and the day, which the date rules use): two checks of
        the same file with the same columns and readings and the same digest plan the same."""
        members = sorted((row for rows in self.existing.values() for row in rows), key=lambda row: row["id"])
        state = [today, members, sorted(self.units.items()), sorted(self.cards_in_use.items()),
                 sorted(self.visible_paths)]
        return hashlib.sha256(json.dumps(state, default=str, sort_keys=True).encode()).hexdigest()


def _existing_members(ids: list[str], lock: bool) -> dict[str, list[dict]]:
    if not ids:
        return {}
    # One array parameter (= ANY): an IN list of 50,000 placeholders costs a second to build.
    queryset = Member.objects.filter(RawSQL(f"{Member._meta.db_table}.id_number = ANY(%s)", [list(ids)],
                                            output_field=BooleanField())).order_by()
    if lock:
        # Lock the member rows only (not their unions); NOWAIT would refuse during a busy day.
        queryset = queryset.select_for_update(of=("self",))
    found: dict[str, list[dict]] = {}
    for row in queryset.values("id", *MEMBER_COLUMNS, "union__path", "union__name"):
        found.setdefault(row["id_number"], []).append(row)
    return found


def _pick(candidates: list[dict], path: str) -> dict | None:
    """The record this row updates: a member within the union (current first, then the latest)."""
    if not candidates:
        return None
    inside = [c for c in candidates if c["union__path"].startswith(path)]
    if not inside:
        return None
    inside.sort(key=lambda c: (c["status"] == Member.Status.ACTIVE, c["id"]), reverse=True)
    return dict(inside[0])


def _units(union) -> dict[str, int]:
    units = {}
    for pk, name, short in Organisation.objects.subtree_of(union).values_list("pk", "name", "short_name"):
        for key in (name, short):
            if key:
                units.setdefault(" ".join(key.split()), pk)
    return units


def _grassroots_of(union) -> Organisation:
    if union.level in (Organisation.Level.BRANCH, Organisation.Level.GROUP):
        return Organisation.objects.filter(pk__in=union.ancestor_ids(), level=Organisation.Level.GRASSROOTS).first() \
            or union
    return union


def _cards_in_use(grassroots) -> dict[str, int]:
    return dict(Member.objects.filter(union__path__startswith=grassroots.path).exclude(card_number="").order_by()
                .values_list("card_number", "id"))

