"""Shared fixtures: a small county with two unions and people in every role."""
import pytest

from unionadmin.roles import Role

from .factories import FederationFactory, GrassrootsFactory, RoleAssignmentFactory, UserFactory

PASSWORD = "correct horse 42"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's million rounds cost ~0.3 s per user made; tests need no slow hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def texts_to_a_file(settings, tmp_path):
    """Text messages (one-time links) go to this test's own file: unionadmin.texting.sent_texts()."""
    settings.TEXT_MESSAGE_BACKEND = "unionadmin.texting.FileBackend"
    settings.TEXT_MESSAGE_FILE_PATH = tmp_path / "texts"


@pytest.fixture
def member_login(db):
    """A member of a union with their own portal login: make(member=None, **member_fields) → (user, member)."""
    from .factories import MemberFactory

    def make(member=None, **fields):
        member = member or MemberFactory(**fields)
        user = UserFactory(full_name=member.name, mobile=member.phone or None)
        user.set_password(PASSWORD)
        user.save()
        member.user = user
        member.save(update_fields=["user"])
        return user, member

    return make


@pytest.fixture
def county(db):
    """A county federation with two grassroots unions, A and B."""
    federation = FederationFactory(name="测试县总工会")
    union_a = GrassrootsFactory(name="甲公司工会", parent=federation)
    union_b = GrassrootsFactory(name="乙学校工会", parent=federation, category="institution")
    return type("County", (), {"federation": federation, "a": union_a, "b": union_b})


def _user_with(role, organisation, **kwargs):
    return RoleAssignmentFactory(role=role, organisation=organisation, **kwargs).user


@pytest.fixture
def officer_a(county):
    return _user_with(Role.UNION_OFFICER, county.a)


@pytest.fixture
def officer_b(county):
    return _user_with(Role.UNION_OFFICER, county.b)


@pytest.fixture
def federation_admin(county):
    return _user_with(Role.FEDERATION_ADMIN, county.federation)


@pytest.fixture
def user_with_every_role_at_a(county):
    """Someone holding every role at union A: whatever A may see, this user may see."""
    user = UserFactory()
    for role in Role:
        RoleAssignmentFactory(user=user, role=role, organisation=county.a)
    return user


@pytest.fixture
def federation_reviewer(county):
    return _user_with(Role.FEDERATION_REVIEWER, county.federation)


@pytest.fixture
def outsider(db):
    """Logged in, but holds no role anywhere."""
    return UserFactory()


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def english(client, settings):
    """The test client with the language switch set to English (for asserting English text)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
