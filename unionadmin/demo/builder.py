"""Writes the demo county: organisations, logins with their roles, and members, in one transaction."""
import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from simple_history.utils import bulk_create_with_history

from members.models import Member
from members.validators import birth_date_from_id, gender_from_id, validate_id_number
from unionadmin.models import Organisation, RoleAssignment
from unionadmin.validators import validate_mobile

from . import data, people

DEFAULT_MEMBERS = 2000
DEFAULT_SEED = 2026
# Organisations do not depend on --seed, so every demo county has the same codes and accounts.
ORGANISATION_SEED = "qingxi-organisations"

Level = Organisation.Level


class DemoError(Exception):
    """The demo cannot be loaded without touching data that is not the demo's."""


@dataclass
class DemoResult:
    created: bool
    federation: Organisation
    seconds: float = 0.0
    summary: dict = field(default_factory=dict)


def demo_loaded() -> Organisation | None:
    return Organisation.objects.filter(
        level=Level.FEDERATION, parent__isnull=True, name=data.FEDERATION["name"]
    ).first()


def load_demo(members: int = DEFAULT_MEMBERS, seed: int = DEFAULT_SEED) -> DemoResult:
    """Load the demo county unless it is there already; never changes an existing one."""
    started = time.perf_counter()
    existing = demo_loaded()
    if existing:
        return DemoResult(created=False, federation=existing, summary=summarise(existing))
    with transaction.atomic():
        # Two loads started together (e.g. two `make run`s) must not both build a county.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('unionadmin.load_demo'))")
        existing = demo_loaded()
        if existing:
            return DemoResult(created=False, federation=existing, summary=summarise(existing))
        _check_logins_are_free()
        rng = random.Random(seed)
        plans = _plan(members, rng)
        organisations = _create_organisations({plan.unit.key: plan.employees for plan in plans})
        _create_logins(organisations)
        _create_members(organisations, plans, rng)
        federation = organisations["fed"]
        summary = summarise(federation)
    return DemoResult(created=True, federation=federation, seconds=time.perf_counter() - started, summary=summary)


# --- organisations -------------------------------------------------------------------------
def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _save(organisation: Organisation) -> Organisation:
    # The model's own validation, so the demo never shows data the forms would refuse.
    organisation.full_clean(exclude=["path", "depth"])
    organisation.save()
    return organisation


def _create_organisations(employees: dict[str, int]) -> dict[str, Organisation]:
    rng = random.Random(ORGANISATION_SEED)
    by_key: dict[str, Organisation] = {}

    def account(bank):
        return dict(has_own_account=True, bank_name=bank, bank_account=people.bank_account(rng, bank)) if bank else {}

    for spec, level, parent in [(data.FEDERATION, Level.FEDERATION, None)] + [
        (spec, Level.INDUSTRY, "fed") for spec in data.INDUSTRY_UNIONS
    ]:
        by_key[spec["key"]] = _save(Organisation(
            name=spec["name"], short_name=spec["short_name"], level=level,
            parent=by_key[parent] if parent else None, sector=Organisation.Sector.GOVERNMENT,
            credit_code=people.credit_code(rng, spec["code_type"]), founded_on=_date(spec["founded"]),
            chair_name=spec["chair"][0], phone=people.office_phone(rng), address=spec["address"],
            document_code=spec["document_code"], **account(spec["bank"]),
        ))

    for unit in data.GRASSROOTS:
        rating, year = unit.rating or ("none", None)
        grassroots = by_key[unit.key] = _save(Organisation(
            name=unit.name, short_name=unit.short_name, level=Level.GRASSROOTS, parent=by_key[unit.parent],
            category=unit.category, sector=unit.sector, credit_code=people.credit_code(rng, unit.code_type),
            employee_count=employees[unit.key], founded_on=_date(unit.founded), chair_name=unit.chair[0],
            phone=people.office_phone(rng), address=unit.address, home_rating=rating, home_rating_year=year,
            **account(unit.bank),
        ))
        for branch in unit.branches:
            rating, year = branch.rating or ("none", None)
            branch_org = by_key[f"{unit.key}/{branch.name}"] = _save(Organisation(
                name=branch.name, level=Level.BRANCH, parent=grassroots, sector=unit.sector,
                founded_on=_date(unit.founded), home_rating=rating, home_rating_year=year,
            ))
            for group in branch.groups:
                by_key[f"{unit.key}/{branch.name}/{group}"] = _save(Organisation(
                    name=group, level=Level.GROUP, parent=branch_org, sector=unit.sector,
                    founded_on=_date(unit.founded),
                ))
    return by_key


# --- logins --------------------------------------------------------------------------------
def _check_logins_are_free():
    User = get_user_model()
    taken = [
        login.username for login in data.LOGINS
        if User.objects.filter(Q(username__iexact=login.username) | Q(mobile=login.mobile)).exists()
    ]
    if taken:
        raise DemoError(
            "The demo county is not loaded, but these demo usernames or their mobile numbers are already in use: "
            + ", ".join(taken) + ". Rename or delete those accounts, then run load_demo again."
        )


def _create_logins(organisations):
    User = get_user_model()
    # One hash for all: hashing is deliberately slow and every demo login shares the password.
    password_hash = make_password(data.PASSWORD)
    users = {}
    for login in data.LOGINS:
        user = User(username=login.username, full_name=login.full_name, mobile=login.mobile)
        validate_password(data.PASSWORD, user)
        user.password = password_hash
        if login.role == "superuser":
            user.is_staff = user.is_superuser = True
        user.save()
        users[login.username] = user
    admin = users[data.LOGINS[0].username]
    for login in data.LOGINS:
        if login.organisation:
            for role in (login.role, *login.also):
                RoleAssignment.objects.create(
                    user=users[login.username], organisation=organisations[login.organisation], role=role,
                    title=login.title, granted_by=admin,
                )


def demo_logins() -> list[tuple[str, str, str, str, str]]:
    """(role, username, mobile, password, organisation) for each demo login, read from the database."""
    User = get_user_model()
    rows = []
    for login in data.LOGINS:
        user = User.objects.filter(username=login.username).first()
        if user is None:
            rows.append((login.role, login.username, "-", "-", "(missing: deleted after loading)"))
            continue
        if login.organisation is None:
            where = "Django admin (/admin/)"
        else:
            assignment = user.role_assignments.filter(role=login.role).select_related("organisation").first()
            where = assignment.organisation.name if assignment else "(role revoked)"
        rows.append((login.role, user.username, user.mobile or "-", data.PASSWORD, where))
    return rows


def step_logins(steps) -> list[tuple[str, str, str, str]]:
    """(username, mobile, organisation, what to try) for the logins the demo steps name, read
    from the database (a login deleted since is left out)."""
    User = get_user_model()
    rows = []
    for step in steps:
        for username, purpose in step.logins:
            user = User.objects.filter(username=username).first()
            if user is None:
                continue
            assignment = user.role_assignments.select_related("organisation").order_by("pk").first()
            # A member's own portal login (issue 19) holds no role: their union is where they are a member.
            membership = None if assignment else (Member.objects.filter(user=user, status=Member.Status.ACTIVE)
                                                  .select_related("union").first())
            where = assignment.organisation if assignment else membership.union if membership else None
            rows.append((user.username, user.mobile or "-", where.name if where else "-", purpose))
    return rows


# --- members -------------------------------------------------------------------------------
@dataclass
class _UnitPlan:
    unit: data.Unit
    active: int
    retired: int
    employees: int


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into whole numbers that add up to it exactly."""
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _plan(total: int, rng: random.Random) -> list[_UnitPlan]:
    rates = [
        unit.rate if unit.rate is not None else rng.uniform(*data.PROFILES[unit.profile].rate)
        for unit in data.GRASSROOTS
    ]
    retired_share = [data.PROFILES[unit.profile].retired for unit in data.GRASSROOTS]
    # Members follow the employees, thinned by each unit's membership rate and swelled by its retirees.
    weights = [u.employees * rate * (1 + r) for u, rate, r in zip(data.GRASSROOTS, rates, retired_share)]
    plans = []
    for unit, rate, share, count in zip(data.GRASSROOTS, rates, retired_share, _largest_remainder(total, weights)):
        retired = round(count * share / (1 + share))
        active = count - retired
        # The employee count is derived from the members so each unit shows its intended rate
        # whatever --members is.
        employees = max(1, active, round(active / rate))
        plans.append(_UnitPlan(unit, active, retired, employees))
    return plans


def _slots(unit: data.Unit, organisations) -> tuple[list[Organisation], list[float]]:
    """Where a unit's members sit: the union itself, its branches and their groups, with weights."""
    grassroots = organisations[unit.key]
    places, weights = [grassroots], [max(0.0, 1 - sum(b.share for b in unit.branches))]
    for branch in unit.branches:
        branch_org = organisations[f"{unit.key}/{branch.name}"]
        on_branch = branch.share / 2 if branch.groups else branch.share
        places.append(branch_org)
        weights.append(on_branch)
        for group in branch.groups:
            places.append(organisations[f"{unit.key}/{branch.name}/{group}"])
            weights.append((branch.share - on_branch) / len(branch.groups))
    return places, weights


_START_AGE = {"primary": 17, "junior": 17, "senior": 19, "college": 21, "bachelor": 22, "postgraduate": 25}
_MIGRANT_EDUCATION = (12, 52, 28, 6, 2, 0)
_DISPATCHED_EDUCATION = (2, 25, 45, 22, 6, 0)


def _employer(unit: data.Unit, rng) -> tuple[str, tuple[str, ...]]:
    """The member's employer and the posts it has (empty: the profile's)."""
    if unit.employers:
        return rng.choice(unit.employers)
    if unit.sector == "township":
        return unit.name.removesuffix("工会") + "人民政府", ()
    if unit.sector == "community":
        return unit.name.removesuffix("工会") + "居民委员会", ()
    return unit.name.removesuffix("工会").removesuffix("机关"), ()


def _person(rng, ids, unit: data.Unit, *, retired=False, gender=None, name=None, post=None) -> Member:
    profile = data.PROFILES[unit.profile]
    founded = _date(unit.founded)
    if gender is None:
        # Those retired by now are mostly women, who retire at 55 rather than 60.
        female = rng.random() < (0.8 if retired else profile.female)
        gender = "female" if female else "male"
    employment = rng.choices(["regular", "dispatched", "migrant"], profile.employment)[0]
    if retired or name:
        employment = "regular"
    ethnicity = "汉族" if name else people.choose_ethnicity(rng)
    name = name or people.person_name(rng, gender, ethnicity)

    left_on = None
    if retired:
        # Born early enough to have retired by the as-of date (women at 55, men at 60), not before 1965.
        earliest = datetime.date(1965, 1, 1)
        latest = datetime.date(1970, 12, 31) if gender == "female" else datetime.date(1965, 12, 31)
        born = earliest + datetime.timedelta(days=rng.randrange((latest - earliest).days))
        left_on = people.add_years(born, 55 if gender == "female" else 60)
    else:
        earliest, latest, mode = profile.born
        # Still working at the as-of date: men under 60, women under 55.
        earliest = max(earliest, 1972 if gender == "female" else 1967)
        born = people.birth_date(rng, earliest, latest, max(mode, earliest))
    outsider = rng.random() < (0.6 if employment == "migrant" else profile.outsiders)
    if employment == "migrant":
        education = rng.choices(data.EDUCATION, _MIGRANT_EDUCATION)[0]
    elif employment == "dispatched" and profile.dispatched_posts:
        # Agency staff in schools, hospitals and offices do the support jobs, not the professional ones.
        education = rng.choices(data.EDUCATION, _DISPATCHED_EDUCATION)[0]
    else:
        education = rng.choices(data.EDUCATION, profile.education)[0]
    employer, posts = _employer(unit, rng)
    if employment == "dispatched" and profile.dispatched_posts:
        posts = profile.dispatched_posts
    post = post or rng.choice(posts or profile.posts)
    if post in data.SKILLED_POSTS and data.EDUCATION.index(education) < 3:
        education = "college"
    region = rng.choice(data.OTHER_REGION_CODES) if outsider else data.REGION_CODE
    id_number = ids.make(region, born, gender)

    start = max(people.add_years(born, max(18, _START_AGE[education] + rng.randrange(4))), founded)
    joined_on = min(start + datetime.timedelta(days=rng.randrange(540)), data.AS_OF)
    if left_on:
        joined_on = min(joined_on, left_on)
    return _roster_kinds(unit.profile, born, Member(
        name=name, gender=gender, ethnicity=ethnicity, id_number=id_number,
        birth_date=birth_date_from_id(id_number),  # Member.save() would do this; bulk create does not call it
        phone=people.mobile(rng), employer=employer, post=post, education=education,
        employment_type=employment, joined_on=joined_on,
        status=Member.Status.RETIRED if retired else Member.Status.ACTIVE, left_on=left_on,
        is_model_worker=rng.random() < profile.model_worker, is_cadre=rng.random() < 0.03,
    ))


# Public bodies' own staff hold established posts (编制) or are hired outside them (编外): the
# share of established posts among their regular staff, by profile.
_ESTABLISHED = {"organ": 0.85, "township": 0.8, "primary": 0.8, "school": 0.75, "vocational": 0.7, "cdc": 0.7,
                "hospital": 0.6, "kindergarten": 0.4, "community": 0.15}
_NEW_FORMS_POSTS = {"快递员", "货车司机", "配送司机"}  # riders and drivers ACFTU counts as new forms


def _roster_kinds(profile: str, born: datetime.date, member: Member) -> Member:
    """用工性质 and 政治面貌 as real rosters spread them. Drawn from a generator of the member's
    own, so the county's other draws (names, dates, counts) stay what they were."""
    rng = random.Random(member.id_number)
    established = _ESTABLISHED.get(profile)
    draw = rng.random()
    if member.employment_type == "regular" and member.status == Member.Status.ACTIVE:
        if established is not None:
            member.employment_type = ("established" if draw < established else "rehired_retiree" if draw > 0.985
                                      else "temporary" if draw > 0.95 else "contract")
        elif member.post in _NEW_FORMS_POSTS and draw < 0.5:
            member.employment_type = "new_forms"
        elif draw < 0.2:
            member.employment_type = ("contract" if draw < 0.1 else "temporary" if draw < 0.15
                                      else "part_time" if draw < 0.19 else "rehired_retiree")
    age = data.AS_OF.year - born.year
    party = (0.45 if profile in ("organ", "township") else 0.3 if established is not None else 0.08)
    if member.education in ("bachelor", "postgraduate"):
        party *= 1.4
    draw = rng.random()
    young = 0.4 if age <= 28 else 0.0
    for status, share in (("cpc_member", party * (0.4 if age < 25 else 1.0)), ("cpc_probationary", 0.01),
                          ("league_member", young), ("democratic_party", 0.02 if established else 0.002),
                          ("non_partisan", 0.003)):
        if draw < share:
            member.political_status = status
            break
        draw -= share
    else:
        member.political_status = "masses"
    return member


def _fixed_people(unit: data.Unit, organisations) -> list[dict]:
    """The chair, and at the officers' union the demo logins who work there, as members."""
    fixed = [dict(name=unit.chair[0], gender=unit.chair[1], post="工会主席", cadre=True,
                  union=organisations[unit.key])]
    logins = {login.username: login for login in data.LOGINS}
    if unit.key == logins["officer"].organisation:
        for username, (gender, post) in data.LOGIN_MEMBERS.items():
            login = logins[username]
            union = organisations[unit.key]
            if username == "delegate" and unit.branches:
                union = organisations[f"{unit.key}/{unit.branches[1].name}"]  # a shop-floor worker
            fixed.append(dict(name=login.full_name, gender=gender, post=post, cadre=username == "welfare",
                              union=union))
    return fixed


def _create_members(organisations, plans: list[_UnitPlan], rng: random.Random):
    ids = people.IdNumbers(rng)
    members: list[Member] = []
    for plan in plans:
        unit = plan.unit
        places, weights = _slots(unit, organisations)
        unit_members = []
        for person in _fixed_people(unit, organisations)[: plan.active]:
            member = _person(rng, ids, unit, gender=person["gender"], name=person["name"], post=person["post"])
            member.union, member.is_cadre = person["union"], person["cadre"]
            member.education = "bachelor" if person["cadre"] else member.education
            unit_members.append(member)
        while len(unit_members) < plan.active:
            member = _person(rng, ids, unit)
            member.union = rng.choices(places, weights)[0]
            unit_members.append(member)
        for _ in range(plan.retired):
            member = _person(rng, ids, unit, retired=True)
            member.union = organisations[unit.key]  # retirees stay on the union's own roll
            unit_members.append(member)
        _number_cards(unit_members, rng)
        members.extend(unit_members)

    for member in members:
        # Cheap checks of what the model would validate; a bad generator must fail loudly here.
        validate_id_number(member.id_number)
        validate_mobile(member.phone)
        assert gender_from_id(member.id_number) == member.gender, member.id_number
    bulk_create_with_history(members, Member, batch_size=1000, default_change_reason="demo county (load_demo)")


def _number_cards(unit_members: list[Member], rng):
    """Card numbers run per union in joining order, e.g. 2019-0042; some newest joiners wait for theirs."""
    number = 0
    recent = data.AS_OF - datetime.timedelta(days=120)
    for member in sorted(unit_members, key=lambda m: (m.joined_on, m.id_number)):
        if member.joined_on > recent and rng.random() < 0.6:
            continue
        number += 1
        member.card_number = f"{member.joined_on.year}-{number:04d}"


# --- the summary the command prints --------------------------------------------------------
def summarise(federation: Organisation) -> dict:
    tree = Organisation.objects.subtree_of(federation)
    levels = dict(tree.values_list("level").annotate(n=Count("pk")).values_list("level", "n"))
    categories = dict(
        tree.grassroots().values_list("category").annotate(n=Count("pk")).values_list("category", "n")
    )
    roll = Member.objects.filter(union__path__startswith=federation.path)
    statuses = dict(roll.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    employees = tree.grassroots().aggregate(n=Sum("employee_count"))["n"] or 0
    active = statuses.get(Member.Status.ACTIVE, 0)
    return {
        "levels": {level.value: levels.get(level.value, 0) for level in Level},
        "categories": {c.value: categories.get(c.value, 0) for c in Organisation.Category},
        "members": sum(statuses.values()),
        "active": active,
        "retired": statuses.get(Member.Status.RETIRED, 0),
        "employees": employees,
        "rate": active / employees if employees else 0.0,
    }
