"""Every page in Simplified Chinese: nothing a person can read there is left in English.

The walk renders every URL of every app (the cross-tenant matrix's resolver walk, with real
objects of a small county made by the apps' own ``CROSS_TENANT`` factories) as each person who
may see it, in zh-Hans, and hands the HTML to ``english_on_page`` from scripts/i18n_check.py —
the same code ``scripts/i18n_check.py`` runs (it runs this file). A page fails when it shows the
msgid of a catalogue entry without a translation, or any visible Latin-letter word that is not a
code or in ``ALLOWED_WORDS``; the second rule also finds strings extraction never saw (marked
under a name makemessages does not know, or not marked at all).
"""
from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.template import Context, Template
from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from scripts.i18n_check import (
    BASE,
    DEFAULT_PO,
    check,
    english_on_page,
    missing_from_catalogue,
    translation_aliases,
    untranslated_msgids,
)
from unionadmin.pickers import kinds as picker_kinds
from unionadmin.roles import Role

from ..factories import MemberFactory, RoleAssignmentFactory, UserFactory
from ..members.test_portal_access import PORTAL_OWN
from ..members.test_portal_access import path_for as portal_path_for
from .test_cross_tenant_matrix import KWARG_VALUES, MAKE_OBJECT, _allows, all_urls

# Pages the walk cannot open for anyone, and why (keep it short: every page is read in zh-Hans).
NOT_SEEN = {
    "healthz": "a plain-text probe for the load balancer, 503 without a worker",
    "documents:download": "the file of a finished document, for the person who asked for it",
    # Forms posted from the plan's tracking page (read there); a GET goes back to it.
    "planning:item_progress": "posted from the tracking page", "planning:item_tracking": "posted from the tracking page",
    "planning:target_value": "posted from the tracking page",
    # Steps that need a person in a relation to the object (its judge, its proposer, a delegate
    # of its session, its handling department) or a state only the workflow reaches with that
    # step's data. Their refusal is read: the walk follows the redirect to the page with the message.
    "competitions:entry_update": "entries open", "competitions:entry_withdraw": "entries open",
    "competitions:score_cell": "the entry's judge", "competitions:entry_recuse": "the entry's judge",
    "competitions:recusal_record": "scoring started", "competitions:proposal_decide": "with its evaluator",
    "competitions:entry_disqualify": "an entry competing in a running competition",
    "competitions:material_add": "an entry while entries are open",
    "competitions:proposal_implement": "an adopted proposal", "competitions:proposal_award": "an implemented proposal",
    "congress/notifications/": "the old address of the notifications, a redirect to /notifications/",
    "congress:contract_file": "a contract with a scan",
    "members:import_problems": "the XLSX of an import's refused rows (its words: tests/members/test_import_problems_sheet.py)",
    "welfare:file_return_to_check": "a file in notice", "welfare:file_approve": "a file after its notice",
    "welfare:file_start_recheck": "a filed file", "welfare:file_confirm_recheck": "a file in re-check",
    "welfare:file_lift": "a filed file", "welfare:file_close": "a filed file",
    "finance:budget_adjust": "the budget in force (accepted by the union above)",
    "finance:claim_pay": "an approved claim",
    "finance:audit_seat_add": "a 经审会 whose term runs today", "finance:audit_committee_end": "a 经审会 in office",
    "finance:annual_audit_create": "a person seated on a 经审会 in office (the role alone only reads)",
    "finance:annual_audit_edit": "its committee's seated member",
    "competitions:honour_publicise": "a scheme whose nominations have closed, every name vetted",
    "competitions:honour_objection_record": "a nomination whose names are posted (公示)",
    "congress:committee_term_create": "a grassroots union (the walk names a branch): its first term, or the next one recorded by the union above",
    "congress:women_activity_file": "an activity with a photo or file",
    "captcha-refresh": "django-simple-captcha's JSON for a new challenge picture (XHR only; 404 otherwise)",
    "portal:my_data_download": "the member's data ZIP, once the worker has prepared it (a download, no page)",
    "welfare_portal:application_create": "a member with no hardship application in progress (the walk's member has "
                                         "one, whose pages it reads)",
}
# The search behind each picker box answers JSON, not a page; its errors are read in
# tests/unionadmin/test_pickers.py.
NOT_SEEN.update({f"pick:{kind}": "JSON for a search box" for kind in picker_kinds})


def _zh(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def _everyone(county):
    """Who looks at the pages: every role at union A, every role at the federation, a member with
    a portal login, and a superuser for what none of them may open."""
    people = []
    for who, organisation in (("every role at union A", county.a), ("every role at the federation", county.federation)):
        user = UserFactory()
        for role in Role:
            RoleAssignmentFactory(user=user, role=role, organisation=organisation)
        people.append((who, user))
    # A member of union A with their own portal login (issue 19): the pages under /me/.
    member = MemberFactory(union=county.a)
    member.user = UserFactory()
    member.save(update_fields=["user"])
    people.append(("a member of union A", member.user))
    people.append(("superuser", UserFactory(is_superuser=True, is_staff=True)))
    return people


def _objects(county):
    """One real object per model a URL names, all inside union A (so lists have rows too)."""
    made = {}
    for u in all_urls():
        model = getattr(u.view_class, "model", None) if u.kwargs else None
        if model in MAKE_OBJECT and model not in made:
            made[model] = MAKE_OBJECT[model](county.a)
    return made


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html") and not response.streaming


def _state_field(model):
    """The field holding a model's workflow state (``state`` / ``status`` with choices), if any."""
    for name in ("state", "status"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.choices:
            return field
    return None


def _in_every_state(model, union):
    """Fresh objects of ``model`` in union, one per workflow state: a page that only opens for a
    proposal awaiting its department, or a file during its notice period, is read in that state."""
    field = _state_field(model)
    for value, _label in field.choices if field else ():
        obj = MAKE_OBJECT[model](union)
        try:
            with transaction.atomic():
                model._default_manager.filter(pk=obj.pk).update(**{field.name: value})
        except IntegrityError:
            continue  # a state the database refuses without more data (a done job has its file)
        obj.refresh_from_db()
        yield obj


def _proposal_journey(county, person):
    """A proposal's pages, for ``person`` as the delegate who writes it, the officer who accepts
    it and the department that answers it (the pages that say "New proposal", "Assign to
    handling departments", "Reply to the proposal"), each at the step that opens it."""
    from congress.services import proposals as steps
    from tests.congress.factories import (
        DelegateFactory,
        HandlingDepartmentFactory,
        SessionFactory,
        TermFactory,
        _congress,
    )

    session = SessionFactory(term=TermFactory(congress=_congress(county.a)), min_cosigners=1)
    DelegateFactory(term=session.term, user=person, with_role=False)
    cosigner = DelegateFactory(term=session.term).user
    department = HandlingDepartmentFactory(union=county.a, name="人力资源部")
    person.role_assignments.filter(role=Role.DEPARTMENT).update(title=department.name)
    department.officers.add(person)
    data = {"subject": "关于改善食堂就餐环境的提案", "reasons": "就餐高峰排队时间长。", "measures": "增设窗口。",
            "category": "safety"}

    def at(step):
        proposal = steps.proposal_create(session=session, user=person, data=data)
        if step == "draft":
            return proposal
        steps.proposal_submit(proposal, user=person)
        steps.proposal_cosign(proposal, user=cosigner)
        steps.proposal_accept(proposal, user=person)
        if step == "accepted":
            return proposal
        steps.proposal_assign(proposal, user=person, lead=department)
        if step == "assigned":
            return proposal
        steps.proposal_reply(proposal, user=person, department=department, text="已增设两个窗口。")
        return proposal

    return [
        ("congress:proposal_create", reverse("congress:proposal_create", args=[session.pk])),
        ("congress:proposal_update", reverse("congress:proposal_update", args=[at("draft").pk])),
        ("congress:proposal_assign", reverse("congress:proposal_assign", args=[at("accepted").pk])),
        ("congress:proposal_reply", reverse("congress:proposal_reply", args=[at("assigned").pk])),
        ("congress:proposal_rate", reverse("congress:proposal_rate", args=[at("replied").pk])),
    ]


def render_every_page(client, county):
    """Every GET-able URL as every person (signed out too), in zh-Hans.

    Returns (findings, unseen): findings maps "URL: problem" to who saw it; unseen lists the
    URLs no one could open (the walk would not check them)."""
    untranslated = untranslated_msgids(DEFAULT_PO)
    objects = _objects(county)
    people = [("signed out", None), *_everyone(county)]
    findings, rendered, looked = {}, set(), {}

    def look(name, url, who, user):
        response = client.get(url)
        if response.status_code == 302 and user is not None:
            # htmx fragments (an editor row, a form in a dialog) send a full GET back to their page
            response = client.get(url, headers={"HX-Request": "true"})
        looked.setdefault(name, []).append(f"{who} {response.status_code}")
        if response.status_code == 200:
            rendered.add(name)  # a download (XLSX, PDF, an attachment) counts as seen: no page to read
        elif response.status_code == 302 and user is not None:
            # a step the object's state refuses sends the person back with a message: read that page
            target = response.url
            response = client.get(target)
            url = f"{url} → {target}"
        if _is_html(response):
            for problem in english_on_page(response.content.decode(), untranslated):
                findings.setdefault(f"{url}: {problem}", []).append(f"{who} {response.status_code}")

    def as_each(pairs, people=people):
        for who, user in people:
            client.logout()
            if user is not None:
                client.force_login(user)
            _zh(client)
            for name, url in pairs:
                look(name, url, who, user)

    urls, object_urls, open_urls = [], [], []
    for u in all_urls():
        if u.view_class is not None and not _allows(u.view_class, "get"):
            continue  # POST only: Django answers 405 before the view
        if u.kwargs:
            if u.model not in objects or not all(k in KWARG_VALUES for k in u.kwargs):
                continue  # the matrix test names these
            urls.append((u.name, u.url_for(objects[u.model])))
            object_urls.append(u)
        else:
            urls.append((u.name, "/" + u.route))
            open_urls.append(urls[-1])
    # Pages under /me/ that name an object show the member's own: made for the walking member by
    # the portal access walk's makers (tests/members/test_portal_access.py).
    member_user = next(user for who, user in people if who == "a member of union A")
    own = {}
    walked = {name for name, _ in urls}
    for u in all_urls():
        if u.kwargs and u.route.startswith("me/") and u.model in PORTAL_OWN and u.name in walked:
            if u.model not in own:
                own[u.model] = PORTAL_OWN[u.model](member_user.memberships.get())
            urls = [(name, url) for name, url in urls if name != u.name]
            urls.append((u.name, portal_path_for(u, own[u.model])))
    urls.append(("(no such page)", "/no-such-page/"))
    signed_out, readers, superuser = people[:1], people[1:-1], people[-1:]
    as_each(open_urls + urls[-1:], signed_out)  # an object URL only sends to the login page
    as_each(urls, readers)
    as_each([(name, url) for name, url in urls if name not in rendered], superuser)

    # A proposal's steps, each for the person it waits for.
    as_each(_proposal_journey(county, readers[0][1]), readers[:1])

    # Pages that opened for no one may need their object in another workflow state.
    later = [u for u in object_urls if u.name not in rendered | NOT_SEEN.keys() and _state_field(u.model)]
    variants = {model: list(_in_every_state(model, county.a)) for model in {u.model for u in later}}
    as_each([(u.name, u.url_for(obj)) for u in later for obj in variants[u.model]], readers + superuser)

    unseen = [f"{name} {url}: {', '.join(looked[name])}" for name, url in urls
              if name not in rendered and name not in NOT_SEEN and name != "(no such page)"]
    return findings, unseen


@pytest.mark.timeout(900)  # ~300 URLs as three people: about a minute on an idle machine
def test_every_page_in_chinese_shows_no_english(client, county):
    findings, unseen = render_every_page(client, county)
    report = []
    if findings:
        report.append(f"{len(findings)} English texts on zh-Hans pages (translate them; a marked string that is "
                      f"not in the catalogue is marked in a way extraction misses):")
        report += [f"  {finding}  [{'; '.join(who)}]" for finding, who in findings.items()]
    if unseen:
        report.append(f"{len(unseen)} pages no one could open (the walk cannot check them):")
        report += [f"  {line}" for line in unseen]
    assert not report, "\n".join(report)


def test_every_translation_function_has_a_name_extraction_knows():
    """`gettext_lazy as _lazy` hid 46 strings from makemessages; they showed in English."""
    assert translation_aliases(BASE) == []


def test_the_catalogue_is_complete_and_has_every_extracted_string():
    problems = check(DEFAULT_PO) + missing_from_catalogue(DEFAULT_PO)
    assert not problems, "run makemessages, translate, compilemessages:\n" + "\n".join(problems)


# ---------------------------------------------------------------- the check itself


def test_the_check_finds_english_and_lets_codes_brands_and_chinese_pass():
    html = """<html><head><title>新提案</title><script>var label = "New proposal";</script>
      <style>.x{content:"Reply"}</style></head><body>
      <h1>Reply to the proposal</h1><p>下载PDF（XLSX）· user12 · a@b.cn · template.xlsx · /healthz</p>
      <input type="submit" value="Save"><input name="q" value="Typed by a user">
      <a title="Assign to handling departments" href="/x/">指派</a>
      <script type="application/json" id="c">{"label": "percent", "code": "membership_rate"}</script>
      <span>English</span></body></html>"""
    problems = "\n".join(english_on_page(html))
    for english in ("Reply to the proposal", "Save", "Assign to handling departments", "percent"):
        assert english in problems
    for fine in ("New proposal", "Reply'", "PDF", "XLSX", "user12", "a@b.cn", "template", "healthz",
                 "Typed by a user", "membership_rate", "'English'"):
        assert fine not in problems, fine
    assert english_on_page("<h1>新提案</h1><p>共 3 条，PDF 已生成。</p>") == []


def test_the_check_names_untranslated_catalogue_entries():
    from scripts.i18n_check import Entry

    entries = [Entry(msgid="Only a draft can be changed; this proposal is “%(state)s”."), Entry(msgid="PDF")]
    problems = english_on_page("<p>Only a draft can be changed; this proposal is “已提交”.</p>", entries)
    assert problems[0].startswith("untranslated catalogue entry: 'Only a draft can be changed")


def _page_with_a_string_extraction_never_saw(request):
    page = Template("{% load i18n %}<h1>{{ title }}</h1><p>{% translate 'Members' %}</p>")
    return HttpResponse(page.render(Context({"title": gettext_lazy("A title no catalogue has")})))


urlpatterns = [path("missed/", _page_with_a_string_extraction_never_saw)]


@pytest.mark.urls(__name__)
def test_the_check_finds_a_string_extraction_missed(client, officer_a):
    client.force_login(officer_a)
    response = _zh(client).get("/missed/")
    assert "会员" in response.content.decode() and "A title no catalogue has" in response.content.decode()
    assert any("A title no catalogue has" in p for p in english_on_page(response.content.decode()))


def test_the_proposal_pages_named_in_the_issue_are_chinese(client, county):
    """"New proposal", "Assign to handling departments", "Reply to the proposal" showed in English."""
    person = UserFactory()
    for role in Role:
        RoleAssignmentFactory(user=person, role=role, organisation=county.a)
    client.force_login(person)
    pages = dict(_proposal_journey(county, person))
    for name, title in [("congress:proposal_create", "新建提案"), ("congress:proposal_assign", "交办承办部门"),
                        ("congress:proposal_reply", "答复提案"), ("congress:proposal_update", "提案"),
                        ("congress:proposal_rate", "评价答复")]:
        response = _zh(client).get(pages[name])
        html = response.content.decode()
        assert response.status_code == 200 and title in html, (name, response.status_code)
        assert english_on_page(html, untranslated_msgids(DEFAULT_PO)) == [], name


def test_a_refused_proposal_step_is_explained_in_chinese(county):
    """The refusals of proposal steps were marked under the alias too and came out in English."""
    from django.utils import translation

    from congress.services import proposals as steps
    from tests.congress.factories import ProposalFactory

    proposal = ProposalFactory(session__term__congress__union=county.a)  # submitted, not a draft
    with translation.override("zh-hans"), pytest.raises(steps.ProposalError) as refused:
        steps.proposal_delete_draft(proposal, user=proposal.proposer.user)
    assert str(refused.value) == "只有草稿才能删除；该提案当前状态为“已提交，征集附议中”。"
