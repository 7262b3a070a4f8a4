"""Every change to an organisation is in its history, from a request or from anywhere else."""
import datetime

from django.forms.models import model_to_dict

from unionadmin.forms import OrganisationForm
from unionadmin.models import Organisation


def edit_form_data(org, **changes):
    """What the edit page would post for ``org``, with ``changes`` applied."""
    data = {}
    for name, value in {**model_to_dict(org, fields=OrganisationForm.Meta.fields), **changes}.items():
        if value is None or value is False:
            continue  # empty fields and unticked boxes are not posted
        if value is True:
            value = "on"
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    return data


def test_editing_through_the_edit_page_records_who_changed_what(client, county, officer_a):
    county.a.chair_name = "张三"
    county.a.save()
    client.force_login(officer_a)
    response = client.post(f"/organisations/{county.a.pk}/edit/", edit_form_data(county.a, chair_name="李四"))
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    latest = county.a.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == officer_a
    assert latest.chair_name == "李四"
    changes = latest.diff_against(latest.prev_record).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("chair_name", "张三", "李四")]


def test_history_tab_shows_old_and_new_values(client, county, officer_a):
    county.a.chair_name = "张三"
    county.a.save()
    client.force_login(officer_a)
    client.post(f"/organisations/{county.a.pk}/edit/",
                edit_form_data(county.a, chair_name="李四", category="institution"))
    content = client.get(f"/organisations/{county.a.pk}/").content.decode()
    history = content.split('id="tab-history"', 1)[1]
    assert '<del class="text-danger">张三</del> → <ins class="text-success text-decoration-none">李四</ins>' in history
    # Choices are shown by their label, not their stored value.
    institution = str(dict(Organisation.Category.choices)["institution"])
    assert institution in history and "institution</ins>" not in history
    assert officer_a.display_name in history


def test_change_made_outside_a_request_is_recorded_without_a_user(county):
    def rename_in_a_task(pk):  # as a Celery task or a management command would
        org = Organisation.objects.get(pk=pk)
        org.name = "甲公司工会（新）"
        org.save()

    before = county.a.history.count()
    rename_in_a_task(county.a.pk)
    assert county.a.history.count() == before + 1
    latest = county.a.history.latest()
    assert latest.history_user is None
    assert latest.name == "甲公司工会（新）"
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["name"]


def test_change_outside_a_request_after_a_request_is_not_blamed_on_that_requests_user(client, county, officer_a):
    client.force_login(officer_a)
    client.get("/")  # a request has run (and finished) on this thread
    county.a.phone = "0813-1234567"
    county.a.save()
    assert county.a.history.latest().history_user is None


def test_history_tab_names_the_system_for_changes_without_a_user(client, county, officer_a):
    county.a.chair_name = "王五"
    county.a.save()
    client.force_login(officer_a)
    client.cookies["django_language"] = "en"
    history = client.get(f"/organisations/{county.a.pk}/").content.decode().split('id="tab-history"', 1)[1]
    newest_row = history.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "<td>system</td>" in newest_row and "王五" in newest_row


def test_tree_moves_do_not_clutter_history_with_path_changes(county):
    county.a.parent = county.b.parent
    county.a.employee_count = 120
    county.a.save()
    latest = county.a.history.latest()
    assert not hasattr(latest, "path")
    assert [c.field for c in latest.diff_against(latest.prev_record).changes] == ["employee_count"]
