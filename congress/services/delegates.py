"""Delegates: adding one, importing a term's delegates from XLSX, the make-up of a term.

A delegate logs in with their own account, found (or made) by mobile number, and holds the
delegate role at the union; adding a delegate grants that role (logged like any grant).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from unionadmin.models import AuditEvent, RoleAssignment
from unionadmin.roles import Role
from unionadmin.validators import validate_mobile

from ..models import Delegate, Delegation, Term
from . import CongressError


class DelegateError(CongressError):
    pass


def _account(*, name: str, mobile: str, initial_password: str, by):
    """The account with this mobile number, or a new one (username m<mobile>)."""
    User = get_user_model()
    user = User.objects.filter(mobile=mobile).first()
    if user is not None:
        return user
    if not initial_password:
        raise DelegateError(_("No account uses the mobile number %(mobile)s yet; give an initial password "
                              "for new accounts.") % {"mobile": mobile})
    user = User(username=f"m{mobile}", full_name=name, mobile=mobile)
    try:
        validate_password(initial_password, user)
    except ValidationError as error:
        raise DelegateError(" ".join(error.messages)) from None
    if User.objects.filter(username__iexact=user.username).exists():
        raise DelegateError(_("The username %(username)s is taken by another account.") % {"username": user.username})
    user.set_password(initial_password)
    user.save()
    return user


def _grant_delegate_role(user, union, by):
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, organisation=union, role=Role.DELEGATE, defaults={"granted_by": by},
    )
    if created:
        AuditEvent.record(actor=by, verb=AuditEvent.Verb.GRANT_ROLE, organisation=union, target=assignment,
                          detail=str(assignment))
    return assignment


def delegate_add(*, term: Term, name: str, mobile: str, gender: str, category: str, delegation=None, post: str = "",
                 initial_password: str = "", by) -> Delegate:
    name, mobile = (name or "").strip(), (mobile or "").strip()
    if not name:
        raise DelegateError(_("Give the delegate's name."))
    try:
        validate_mobile(mobile)
    except ValidationError as error:
        raise DelegateError(" ".join(error.messages)) from None
    if delegation is not None and delegation.term_id != term.pk:
        raise DelegateError(_("Choose a delegation of this term."))
    union = term.congress.union
    with transaction.atomic():
        user = _account(name=name, mobile=mobile, initial_password=initial_password, by=by)
        if Delegate.objects.filter(term=term, user=user).exists():
            raise DelegateError(_("%(name)s (%(mobile)s) is already a delegate of this term.")
                                % {"name": name, "mobile": mobile})
        _grant_delegate_role(user, union, by)
        try:
            with transaction.atomic():
                return Delegate.objects.create(term=term, user=user, name=name, gender=gender, category=category,
                                               delegation=delegation, post=post)
        except IntegrityError:
            raise DelegateError(_("%(name)s (%(mobile)s) is already a delegate of this term.")
                                % {"name": name, "mobile": mobile}) from None


# --- XLSX import --------------------------------------------------------------------------
# Header names accepted for each column, Chinese or English, case and spaces ignored.
COLUMNS = {
    "name": {"姓名", "name"},
    "mobile": {"手机号", "手机号码", "手机", "mobile", "mobilenumber"},
    "gender": {"性别", "gender"},
    "delegation": {"代表团", "代表组", "代表团组", "delegation"},
    "category": {"类别", "代表类别", "category"},
    "post": {"岗位", "职务", "post"},
}
GENDERS = {"男": "male", "male": "male", "m": "male", "女": "female", "female": "female", "f": "female"}
CATEGORIES = {
    "一线职工": "front_line", "一线": "front_line", "一线工人": "front_line", "front-lineworker": "front_line",
    "front_line": "front_line", "frontline": "front_line",
    "专业技术人员": "technical", "技术人员": "technical", "technical": "technical",
    "technicalorprofessionalstaff": "technical",
    "中层管理人员": "manager", "管理人员": "manager", "中层": "manager", "manager": "manager",
    "middlemanager": "manager",
    "领导人员": "leader", "领导": "leader", "leader": "leader",
}
MAX_ROWS = 2000


def _key(value) -> str:
    return "".join(str(value or "").split()).lower()


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (row number, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_rows(file) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not XLSX
        raise DelegateError(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    positions = {}
    for index, title in enumerate(header):
        for column, names in COLUMNS.items():
            if _key(title) in names:
                positions[column] = index
    missing = [c for c in ("name", "mobile", "gender") if c not in positions]
    if missing:
        raise DelegateError(_("The first row must name the columns; these are missing: %(columns)s.")
                            % {"columns": "、".join(missing)})
    result = []
    for number, row in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise DelegateError(_("A file may hold at most %(count)s delegates.") % {"count": MAX_ROWS})
        values = {c: (row[i] if i < len(row) else None) for c, i in positions.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        result.append((number, values))
    workbook.close()
    return result


def delegates_import(*, term: Term, file, initial_password: str = "", by) -> ImportResult:
    """All rows or none: every row is checked, and if any is wrong nothing is saved and the
    errors are returned by row number. New delegations named in the file are created."""
    result = ImportResult()
    rows = _read_rows(file)
    if not rows:
        raise DelegateError(_("The file has no delegates in it."))
    seen_mobiles = {}
    parsed = []
    for number, values in rows:
        mobile = str(values.get("mobile") or "").strip().removesuffix(".0")
        gender = GENDERS.get(_key(values.get("gender")))
        category = CATEGORIES.get(_key(values.get("category")), None) if values.get("category") else "front_line"
        problems = []
        if not str(values.get("name") or "").strip():
            problems.append(_("the name is missing"))
        try:
            validate_mobile(mobile)
        except ValidationError:
            problems.append(_("“%(mobile)s” is not a mobile number") % {"mobile": mobile})
        if gender is None:
            problems.append(_("the gender must be 男 or 女"))
        if category is None:
            problems.append(_("unknown category “%(category)s”") % {"category": values.get("category")})
        if mobile in seen_mobiles:
            problems.append(_("the mobile number is also on row %(row)s") % {"row": seen_mobiles[mobile]})
        seen_mobiles.setdefault(mobile, number)
        if problems:
            result.errors.append((number, "；".join(str(p) for p in problems)))
        parsed.append((number, values, mobile, gender, category))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            delegations = {d.name: d for d in term.delegations.all()}
            for number, values, mobile, gender, category in parsed:
                delegation_name = str(values.get("delegation") or "").strip()
                delegation = None
                if delegation_name:
                    delegation = delegations.get(delegation_name)
                    if delegation is None:
                        delegation = delegations[delegation_name] = Delegation.objects.create(
                            term=term, name=delegation_name)
                try:
                    result.created.append(delegate_add(
                        term=term, name=str(values["name"]).strip(), mobile=mobile, gender=gender, category=category,
                        delegation=delegation, post=str(values.get("post") or "").strip(),
                        initial_password=initial_password, by=by,
                    ))
                except DelegateError as error:
                    result.errors.append((number, error.message))
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created = []
    return result


class _Rollback(Exception):
    pass


# --- the make-up of a term ----------------------------------------------------------------
def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def delegate_composition(term: Term) -> dict:
    """Counts and shares of the serving delegates, and whether the congress's own rules are met."""
    counts = Delegate.objects.filter(term=term, is_active=True).aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(gender=Delegate.Gender.FEMALE)),
        **{c.value: Count("pk", filter=Q(category=c.value)) for c in Delegate.Category},
    )
    total = counts["total"]
    congress = term.congress
    women = _percent(counts["women"], total)
    rows = [
        {"label": _("Women"), "count": counts["women"], "percent": women,
         "rule": _("at least %(percent)s%%") % {"percent": congress.min_women_percent} if congress.min_women_percent else "",
         "met": None if not total or not congress.min_women_percent else women >= congress.min_women_percent},
    ]
    for category in Delegate.Category:
        percent = _percent(counts[category.value], total)
        rule, met = "", None
        if category == Delegate.Category.FRONT_LINE:
            rule = _("at least %(percent)s%%") % {"percent": congress.min_front_line_percent}
            met = None if not total else percent >= congress.min_front_line_percent
        elif category == Delegate.Category.LEADER:
            rule = _("at most %(percent)s%%") % {"percent": congress.max_leaders_percent}
            met = None if not total else percent <= congress.max_leaders_percent
        rows.append({"label": category.label, "count": counts[category.value], "percent": percent, "rule": rule,
                     "met": met})
    return {"total": total, "rows": rows, "all_met": all(r["met"] is not False for r in rows)}
