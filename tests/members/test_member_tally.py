"""The member tally (members_membertally) equals a fresh count of the roster after every kind
of change, committed or rolled back: PostgreSQL's triggers keep it, whoever writes."""
import datetime
import random

import pytest
from django.db import connection, transaction
from django.db.models import Count

from members import tallies
from members.imports.service import import_run_file
from members.indicators import ACTIVE, PARTS
from members.models import Member, MemberTally
from members.services import transfer_accept, transfer_send
from members.validators import birth_date_from_id
from tests.factories import GrassrootsFactory
from unionadmin.models import Organisation

from .factories import UniqueMemberFactory, unique_id_number
from .sheets import xlsx_bytes

COLUMNS = (*PARTS, "all_members")
NONE = dict.fromkeys(COLUMNS, 0)
EMPLOYMENT = {"regular": "正式", "dispatched": "劳务派遣", "migrant": "农民工", "contract": "合同制"}


def fresh_counts() -> dict[int, dict]:
    """Counted afresh from members_member, every union on file (none: zeros)."""
    aggregates = {key: Count("pk", filter=ACTIVE & q) for key, q in PARTS.items()}
    rows = Member.objects.order_by().values("union_id").annotate(**aggregates, all_members=Count("pk"))
    counted = {row.pop("union_id"): row for row in rows}
    return {pk: counted.get(pk, NONE) for pk in Organisation.objects.values_list("pk", flat=True)}


def tally_counts() -> dict[int, dict]:
    kept = {row.pop("union_id"): row for row in MemberTally.objects.values("union_id", *COLUMNS)}
    return {pk: kept.get(pk, NONE) for pk in Organisation.objects.values_list("pk", flat=True)}


def assert_tally_is_fresh(step=""):
    assert tally_counts() == fresh_counts(), step


class Roster:
    """A seeded random walk through every way the roster changes."""

    def __init__(self, rng, unions, tmp_path):
        self.rng, self.unions, self.tmp_path, self.files = rng, unions, tmp_path, 0
        self.imported: dict[int, list[list]] = {}  # union pk: the rows of its last file

    def member(self, **filters):
        pks = list(Member.objects.filter(**filters).values_list("pk", flat=True))
        return Member.objects.get(pk=self.rng.choice(pks)) if pks else None

    def new(self, union=None):
        female = self.rng.random() < 0.5
        id_number = unique_id_number(female=female)
        return Member(union=union or self.rng.choice(self.unions), name="会员", gender="female" if female else "male",
                      id_number=id_number, birth_date=birth_date_from_id(id_number), joined_on=datetime.date(2016, 5, 1),
                      employment_type=self.rng.choice(list(EMPLOYMENT)))

    def create(self):
        self.new().save()

    def bulk_create(self):
        Member.objects.bulk_create([self.new() for _ in range(self.rng.randint(2, 6))])

    def import_file(self):
        """Through the import service (COPY for new members, one UPDATE for changed ones): a new
        file, or the union's last file again with other employment types."""
        union = self.rng.choice(self.unions)
        current = set(Member.objects.active().filter(union=union).values_list("id_number", flat=True))
        rows = [row for row in self.imported.get(union.pk, []) if row[2] in current]
        if rows and self.rng.random() < 0.5:
            rows = [[*row[:6], self.rng.choice(list(EMPLOYMENT.values()))] for row in rows]
        else:
            rows = []
            for n in range(self.rng.randint(2, 6)):
                female = self.rng.random() < 0.5
                rows.append([f"导入{n}", "女" if female else "男", unique_id_number(female=female),
                             f"139{self.rng.randrange(10**8):08d}", "2018-03-01", "本科",
                             self.rng.choice(list(EMPLOYMENT.values()))])
        self.imported[union.pk] = rows
        self.files += 1
        path = self.tmp_path / f"roster{self.files}.xlsx"
        path.write_bytes(xlsx_bytes(rows))
        result = import_run_file(path, union=union, user=None)
        assert result["written"] and "errors" not in result, result.get("errors")

    def leave(self):
        member = self.member(status=Member.Status.ACTIVE)
        if member:
            member.status = self.rng.choice([Member.Status.RETIRED, Member.Status.WITHDRAWN, Member.Status.DECEASED])
            member.left_on = datetime.date(2025, 6, 30)
            member.save()

    def rejoin(self):
        member = self.member(status__in=[Member.Status.RETIRED, Member.Status.WITHDRAWN])
        if member and not Member.objects.active().filter(id_number=member.id_number).exists():
            member.status, member.left_on = Member.Status.ACTIVE, None
            member.save()

    def transfer(self):
        member = self.member()
        if member:
            member.union = self.rng.choice([u for u in self.unions if u.pk != member.union_id])
            member.save()

    def edit(self):
        member = self.member()
        if member:
            member.gender = self.rng.choice(["male", "female"])
            member.employment_type = self.rng.choice(list(EMPLOYMENT))
            member.save(update_fields=["gender", "employment_type"])

    def delete(self):
        member = self.member()
        if member:
            member.delete()

    def update_many(self):
        """queryset.update(): one statement over several unions' members."""
        union, other = self.rng.sample(self.unions, 2)
        some = Member.objects.filter(union__in=[union, other])
        match self.rng.randrange(4):
            case 0:
                some.filter(status=Member.Status.ACTIVE).update(
                    status=Member.Status.RETIRED, left_on=datetime.date(2025, 12, 31))
            case 1:
                some.update(employment_type=self.rng.choice(list(EMPLOYMENT)))
            case 2:
                some.filter(union=union).update(union=other)  # a merger
            case 3:
                some.update(phone="13900000000")  # nothing counted changes

    def delete_many(self):
        Member.objects.filter(union=self.rng.choice(self.unions), status=Member.Status.RETIRED).delete()

    def step(self):
        name = self.rng.choice(["create", "bulk_create", "import_file", "leave", "rejoin", "transfer", "edit",
                                "delete", "update_many", "delete_many", "import_file", "create"])
        getattr(self, name)()
        return name


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_the_tally_equals_a_fresh_count_after_random_changes_in_committed_and_rolled_back_transactions(county, tmp_path):
    rng = random.Random(20)
    unions = [county.a, county.b, GrassrootsFactory(name="丙厂工会", parent=county.federation)]
    roster = Roster(rng, unions, tmp_path)
    done = []
    for block in range(6):
        before = tally_counts()
        try:
            with transaction.atomic():
                for _ in range(8):
                    done.append(roster.step())
                    assert_tally_is_fresh(done)
                if block == 3:
                    raise Rollback
        except Rollback:
            assert tally_counts() == before  # the block's changes are gone, the tally's with them
        assert_tally_is_fresh(done)
    # Every kind of change happened, and the walk left members in every union.
    assert set(done) >= {"create", "bulk_create", "import_file", "leave", "rejoin", "transfer", "edit", "delete",
                         "update_many", "delete_many"}
    assert all(tally_counts()[u.pk]["all_members"] for u in unions)


def test_a_transfer_moves_the_member_from_each_count_of_one_union_to_the_other(county, officer_a, officer_b):
    UniqueMemberFactory(union=county.a)
    member = UniqueMemberFactory(union=county.a, gender="female", id_number=unique_id_number(female=True),
                                 employment_type=Member.EmploymentType.MIGRANT)
    before = tally_counts()
    assert before[county.a.pk] == {"active": 2, "women": 1, "migrant": 1, "dispatched": 0, "all_members": 2}

    transfer = transfer_send(member=member, to_union=county.b, user=officer_a)
    transfer_accept(transfer_id=transfer.pk, user=officer_b)

    after = tally_counts()
    assert after[county.a.pk] == {"active": 1, "women": 0, "migrant": 0, "dispatched": 0, "all_members": 1}
    assert after[county.b.pk] == {key: before[county.b.pk][key] + (key != "dispatched") for key in COLUMNS}
    assert_tally_is_fresh()


def test_a_rolled_back_change_leaves_the_tally_as_it_was(county):
    kept = UniqueMemberFactory(union=county.a)
    UniqueMemberFactory(union=county.b, employment_type=Member.EmploymentType.DISPATCHED)
    before = tally_counts()
    with pytest.raises(Rollback), transaction.atomic():
        UniqueMemberFactory(union=county.a)
        Member.objects.filter(pk=kept.pk).update(status=Member.Status.RETIRED, left_on=datetime.date(2025, 1, 1))
        Member.objects.filter(union=county.b).update(union=county.a)
        assert tally_counts() != before
        raise Rollback
    assert tally_counts() == before
    assert_tally_is_fresh()


def test_active_in_counts_the_active_members_of_the_unions_asked(county):
    UniqueMemberFactory(union=county.a)
    UniqueMemberFactory(union=county.a, status=Member.Status.RETIRED, left_on=datetime.date(2024, 1, 1))
    UniqueMemberFactory.create_batch(2, union=county.b)
    subtree = Organisation.objects.subtree_of(county.federation)
    assert tallies.active_in(subtree) == 3
    assert tallies.active_in(Organisation.objects.filter(pk=county.a.pk)) == 1
    assert tallies.active_in(Organisation.objects.none()) == 0


def test_truncating_the_roster_empties_the_tally(county):
    UniqueMemberFactory.create_batch(3, union=county.a)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the inserts' deferred checks first, as a commit would
        cursor.execute("TRUNCATE members_member CASCADE")
    assert not MemberTally.objects.exists()
    UniqueMemberFactory(union=county.b)
    assert_tally_is_fresh()


def test_a_union_deleted_after_its_members_takes_its_tally_row_with_it(county):
    union = GrassrootsFactory(parent=county.federation)
    UniqueMemberFactory(union=union).delete()
    assert MemberTally.objects.filter(union=union).exists()  # zeros, kept
    pk = union.pk
    union.delete()
    assert not MemberTally.objects.filter(union_id=pk).exists()
