"""A workers' congress at union A: a term, a session whose window is open, delegates, the
committee (union A's officer) and two handling departments with their people."""
import pytest

from tests.factories import RoleAssignmentFactory, UserFactory
from unionadmin.roles import Role

from .factories import CongressFactory, DelegateFactory, HandlingDepartmentFactory, SessionFactory, TermFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages in English, whatever the catalogue holds (pages set their own language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def mail_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def congress(county):
    """Union A's congress with its third term, a session collecting proposals now, four
    delegates, and the same for union B (one session, one delegate)."""
    c = CongressFactory(union=county.a)
    term = TermFactory(congress=c, number=3)
    session = SessionFactory(term=term, number=2, min_cosigners=2)
    delegates = [DelegateFactory(term=term, name=f"甲代表{i}") for i in range(1, 5)]
    other_session = SessionFactory(term=TermFactory(congress=CongressFactory(union=county.b)))
    other_delegate = DelegateFactory(term=other_session.term, name="乙代表")
    hr = HandlingDepartmentFactory(union=county.a, name="人力资源部")
    safety = HandlingDepartmentFactory(union=county.a, name="安全环保部")
    hr_user = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=county.a, title="人力资源部",
                                    user=UserFactory(full_name="赵敏", email="hr@example.com")).user
    safety_user = RoleAssignmentFactory(role=Role.DEPARTMENT, organisation=county.a, title="安全环保部",
                                        user=UserFactory(full_name="钱安", email="safety@example.com")).user
    hr.officers.add(hr_user)
    safety.officers.add(safety_user)
    officer = RoleAssignmentFactory(role=Role.UNION_OFFICER, organisation=county.a).user
    return type("World", (), {
        "county": county, "congress": c, "term": term, "session": session, "delegates": delegates,
        "d1": delegates[0], "d2": delegates[1], "d3": delegates[2], "d4": delegates[3],
        "other_session": other_session, "other_delegate": other_delegate, "hr": hr, "safety": safety,
        "hr_user": hr_user, "safety_user": safety_user, "officer": officer,
    })
