"""Changing the minimum-living line recomputes every open file in its area, in one service call
and one transaction: after it every open file reflects the line, and a failure midway leaves
neither the line nor any file changed."""
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection
from django.urls import reverse

from welfare.models import HardshipFile, LivingStandard
from welfare.services import standard_save

from .factories import HardshipFileFactory, LivingStandardFactory, this_year

Category = HardshipFile.Category


def open_file(union, income):
    return HardshipFileFactory(union=union, head=Decimal(income))  # recomputed with the line in force


@pytest.fixture
def households(county):
    """Three open files under an 800 line (one deep, two relative), an ended one, and one outside."""
    line = LivingStandardFactory(organisation=county.federation, year=this_year(), monthly_line=Decimal("800"))
    files = [open_file(county.a, "700"), open_file(county.a, "1000"), open_file(county.b, "1200")]
    ended = HardshipFileFactory(union=county.a, head=Decimal("700"), status="withdrawn",
                                closed_on=files[0].applied_on)
    return line, files, ended


def figures(file):
    file.refresh_from_db()
    return file.living_line, file.suggested_category


@pytest.mark.django_db
def test_a_new_line_is_reflected_in_every_open_file_after_one_call(county, households):
    line, files, ended = households
    assert [figures(f) for f in files] == [(Decimal("800"), Category.DEEP), (Decimal("800"), Category.RELATIVE),
                                           (Decimal("800"), Category.RELATIVE)]
    ended_before = figures(ended)
    line.monthly_line = Decimal("1100")
    assert standard_save(line) == 3
    assert [figures(f) for f in files] == [(Decimal("1100"), Category.DEEP), (Decimal("1100"), Category.DEEP),
                                           (Decimal("1100"), Category.RELATIVE)]
    assert figures(ended) == ended_before  # an ended file keeps the figures it ended with


@pytest.mark.django_db
def test_a_towns_own_line_recomputes_the_files_under_it_only(county, households):
    _line, files, _ended = households
    own = LivingStandard(organisation=county.b, year=this_year(), monthly_line=Decimal("1300"))
    assert standard_save(own) == 1
    assert figures(files[2]) == (Decimal("1300"), Category.DEEP)
    assert figures(files[0])[0] == Decimal("800")


@pytest.mark.django_db
def test_changing_the_line_through_the_page_recomputes_the_files(english, county, households, federation_welfare):
    client = english
    line, files, _ended = households
    client.force_login(federation_welfare)
    response = client.post(reverse("welfare:standard_update", args=[line.pk]), {
        "organisation": county.federation.pk, "year": line.year, "monthly_line": "1100", "relative_multiple": "2",
        "edge_multiple": "1.5", "cost_share_percent": "80"}, follow=True)
    assert "open files in its area were recalculated" in response.content.decode()
    assert [figures(f)[0] for f in files] == [Decimal("1100")] * 3


@pytest.fixture
def third_file_refused(households):
    """A PostgreSQL trigger refusing any update of the third file, as a lost connection would
    midway: the failure comes from the database, not from a patched function."""
    refused = households[1][2]
    with connection.cursor() as cursor:
        cursor.execute("""CREATE FUNCTION test_refuse_row() RETURNS trigger AS $$
                          BEGIN RAISE EXCEPTION 'row refused by the test'; END $$ LANGUAGE plpgsql""")
        cursor.execute(f"""CREATE TRIGGER test_refuse_row BEFORE UPDATE ON welfare_hardshipfile FOR EACH ROW
                           WHEN (OLD.id = {int(refused.pk)}) EXECUTE FUNCTION test_refuse_row()""")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS test_refuse_row ON welfare_hardshipfile")
        cursor.execute("DROP FUNCTION IF EXISTS test_refuse_row()")


@pytest.mark.django_db(transaction=True)  # real commits, so a rollback is a real rollback
def test_a_failure_midway_leaves_the_line_and_every_file_unchanged(county, households, third_file_refused):
    line, files, _ended = households
    before = [figures(f) for f in files]
    line.monthly_line = Decimal("1100")
    with pytest.raises(DatabaseError, match="row refused"):
        standard_save(line)
    assert LivingStandard.objects.get(pk=line.pk).monthly_line == Decimal("800")
    assert [figures(f) for f in files] == before
