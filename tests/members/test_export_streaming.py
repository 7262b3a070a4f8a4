"""A large roster exported to XLSX: every member of the user's scope in the file, read back as
a user opens it, with the labels the roster shows and the numbers masked for someone who may
not reveal them. More members than the export fetches at a time (members.exports.CHUNK), so
the file is written as the rows arrive, chunk after chunk, not from one list in memory."""
import datetime
import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from members import exports
from members.models import Member
from members.validators import birth_date_from_id

from .factories import unique_id_number

MEMBERS_IN_A = exports.CHUNK + 500
GENDER, ID_NUMBER, PHONE, EMPLOYMENT, STATUS = 1, 3, 5, 9, 14  # the columns of exports.headers()


def roster_in(county):
    """A's members (some retired, migrant, dispatched) and one of B's."""
    people = []
    for n in range(MEMBERS_IN_A):
        female = n % 2 == 1
        id_number = unique_id_number(female=female)
        people.append(Member(
            union=county.a, name=f"会员{n:05d}", gender="female" if female else "male", id_number=id_number,
            birth_date=birth_date_from_id(id_number), phone=f"139{n:08d}", joined_on=datetime.date(2016, 5, 1),
            employment_type=["regular", "migrant", "dispatched"][n % 3],
            status="retired" if n % 10 == 0 else "active", left_on=datetime.date(2025, 6, 30) if n % 10 == 0 else None))
    id_number = unique_id_number()
    people.append(Member(union=county.b, name="乙校会员", gender="male", id_number=id_number,
                         birth_date=birth_date_from_id(id_number), joined_on=datetime.date(2016, 5, 1)))
    Member.objects.bulk_create(people)
    return {m.name: m for m in people}


def sheet_of(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_an_officers_export_holds_every_member_of_the_union_with_the_rosters_labels(client, county, officer_a):
    people = roster_in(county)
    client.force_login(officer_a)
    rows = sheet_of(client.get(reverse("members:member_export_xlsx")))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["姓名", "性别", "民族", "居民身份证号码"]
    assert sorted(r[0] for r in body) == sorted(name for name, m in people.items() if m.union_id == county.a.pk)
    by_name = {r[0]: r for r in body}
    woman, man, retired = by_name["会员00003"], by_name["会员00004"], by_name["会员00010"]
    assert (woman[GENDER], woman[EMPLOYMENT], woman[STATUS]) == ("女", "正式职工", "会员")
    assert (man[GENDER], man[EMPLOYMENT], man[STATUS]) == ("男", "农民工", "会员")
    assert retired[STATUS] == "离退休"
    assert woman[ID_NUMBER] == people["会员00003"].id_number  # an officer of A may reveal A's numbers


def test_a_reviewers_export_of_the_whole_county_is_masked_row_after_row(client, county, federation_reviewer):
    people = roster_in(county)
    client.force_login(federation_reviewer)
    rows = sheet_of(client.get(reverse("members:member_export_xlsx")))
    header, body = rows[0], rows[1:]
    assert len(body) == len(people)
    assert header[ID_NUMBER] == "居民身份证号码" and header[PHONE] == "手机号"
    for row in body:
        person = people[row[0]]
        assert row[ID_NUMBER] == person.id_number[:6] + "********" + person.id_number[-4:]
        if person.phone:
            assert row[PHONE] == person.phone[:3] + "****" + person.phone[-4:]
