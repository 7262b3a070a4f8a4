"""Entry materials and event photos go through the project's one upload policy (issue 13,
item 11). Today material accepts any file: an HTML page, an SVG with a script, a program."""
import pytest
from django.urls import reverse

from competitions.models import EntryMaterial, EventPhoto
from tests import uploads as u
from unionadmin.uploads import ENTRY_MATERIAL, PHOTO

from .conftest import enter
from .factories import SportsEventFactory

ids = dict(ids=lambda v: v if isinstance(v, str) else "")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def entry(cup, officer_a, branch_a):
    return enter(cup, branch_a, "数控班组", officer_a)


@pytest.mark.parametrize("case,bad,words", u.hostile(ENTRY_MATERIAL.max_bytes, "台账.pdf", b"%PDF-1.4\n"), **ids)
def test_entry_material_refuses_hostile_files_and_stores_nothing(client, media, entry, officer_a, case, bad, words):
    client.force_login(officer_a)
    before = u.stored_files(media)
    response = client.post(reverse("competitions:material_add", args=[entry.pk]), {"title": "", "file": u.upload(*bad)},
                           follow=True)
    u.assert_refused(response, words)
    assert not EntryMaterial.objects.exists() and u.stored_files(media) == before


def test_good_material_is_stored_under_a_random_name_and_served_as_an_attachment(client, media, entry, officer_a):
    client.force_login(officer_a)
    client.post(reverse("competitions:material_add", args=[entry.pk]), {"title": "", "file": u.upload("台账.pdf", u.PDF)})
    material = EntryMaterial.objects.get()
    assert material.file_name == "台账.pdf" and u.RANDOM_NAME.search(material.file.name)
    response = client.get(reverse("competitions:material_download", args=[material.pk]))
    u.assert_served_safely(response, "台账.pdf")
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("case,bad,words", u.hostile(PHOTO.max_bytes, "颁奖.png", b"\x89PNG\r\n\x1a\n"), **ids)
def test_event_photos_refuse_hostile_files_and_store_nothing(client, media, county, officer_a, case, bad, words):
    event = SportsEventFactory(organiser=county.a)
    client.force_login(officer_a)
    before = u.stored_files(media)
    response = client.post(reverse("competitions:event_photo_add", args=[event.pk]),
                           {"image": u.upload(*bad), "caption": "x"},
                           follow=True)
    u.assert_refused(response, words)
    assert not EventPhoto.objects.exists() and u.stored_files(media) == before


def test_a_photo_is_stored_under_a_random_name_and_served_as_an_attachment(client, media, county, officer_a):
    event = SportsEventFactory(organiser=county.a)
    client.force_login(officer_a)
    client.post(reverse("competitions:event_photo_add", args=[event.pk]),
                {"image": u.upload("颁奖.png", u.png()), "caption": "颁奖"})
    photo = EventPhoto.objects.get()
    assert u.RANDOM_NAME.search(photo.image.name)
    response = client.get(reverse("competitions:event_photo", args=[photo.pk]))
    u.assert_served_safely(response, photo.image.name.rsplit("/", 1)[-1])
    assert response["Content-Type"] == "image/png"


def test_a_file_stored_before_the_policy_is_still_served_as_a_harmless_download(client, media, entry, officer_a):
    """Material uploaded while any file was taken (an HTML page) is never served as a page."""
    from django.core.files.base import ContentFile

    from .factories import EntryMaterialFactory

    material = EntryMaterialFactory(entry=entry, file=ContentFile(u.HTML, name="通知.html"), file_name="通知.html")
    client.force_login(officer_a)
    response = client.get(reverse("competitions:material_download", args=[material.pk]))
    u.assert_served_safely(response, "通知.html")
    assert response["Content-Type"] == "application/octet-stream"
