"""The rules a member record must keep, as one pure function.

``Member.clean`` (forms, admin) and the import (thousands of rows, no model instances) both
call ``member_problems``, so a rule is written once and the two can never disagree.
Each problem is (field, message code, params); the codes are worded in imports/messages.py.
"""
from __future__ import annotations

import datetime

from .validators import birth_date_from_id, gender_from_id

MIN_JOINING_AGE = 16  # the minimum working age in China
ENDED_STATUSES = {"deceased", "withdrawn", "transferred"}


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def member_problems(*, id_number: str, gender: str = "", joined_on=None, left_on=None, status: str = "active",
                    birth_date=None, today: datetime.date) -> list[tuple[str, str, dict]]:
    """What is wrong with these values together. ``id_number`` must already be valid;
    ``birth_date`` is a date typed beside it, to be checked against the one inside it."""
    problems = []
    born = birth_date_from_id(id_number) if len(id_number) == 18 else None
    if born is not None:
        if gender and gender != gender_from_id(id_number):
            problems.append(("gender", "gender_mismatch", {}))
        if birth_date and birth_date != born:
            problems.append(("birth_date", "birth_mismatch", {"expected": born.isoformat()}))
    if joined_on:
        if joined_on > today:
            problems.append(("joined_on", "future_date", {}))
        elif born is not None and joined_on < years_after(born, MIN_JOINING_AGE):
            problems.append(("joined_on", "joined_too_young", {"age": MIN_JOINING_AGE}))
    if left_on:
        if left_on > today:
            problems.append(("left_on", "future_date", {}))
        elif joined_on and left_on < joined_on:
            problems.append(("left_on", "left_before_joined", {}))
        elif status == "active":
            problems.append(("left_on", "left_while_active", {}))
    elif status in ENDED_STATUSES:
        problems.append(("left_on", "left_missing", {}))
    return problems
