"""The roster upload goes through the project's one upload policy (issue 13, item 11), and a bad
roster is refused in our own words: never a library's English (python-calamine's "I/O error:
File is larger than its declared uncompressed size", "Cannot detect file format") nor the name
of an encoding (item 16)."""
import random
import struct

import pytest
from django.urls import reverse

from members.imports.messages import MESSAGES as MESSAGE_CODES
from members.imports.messages import describe
from members.models import ImportJob
from tests import uploads as u
from unionadmin.uploads import MEMBER_ROSTER

from .sheets import csv_bytes, good_rows, upload, xlsx_bytes

ids = dict(ids=lambda v: v if isinstance(v, str) else "")
LIBRARY_WORDS = ["I/O error", "Cannot detect", "declared", "calamine", "codec", "utf-", "UTF-", "gb18030", "GB18030",
                 "gbk", "GBK", "utf8", "Traceback", "Error:"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.mark.parametrize("case,bad,words", u.hostile(MEMBER_ROSTER.max_bytes, "花名册.csv", "姓名,身份证号\n".encode()),
                         **ids)
def test_the_roster_upload_refuses_hostile_files_and_stores_nothing(english, county, officer_a, media,
                                                                     case, bad, words):
    english.force_login(officer_a)
    response = english.post(reverse("members:import_start"), {"union": county.a.pk, "file": u.upload(*bad)})
    u.assert_refused(response, words)
    assert not ImportJob.objects.exists() and u.stored_files(media) == set()


def test_a_good_roster_is_stored_under_a_random_name(client, county, officer_a, media):
    client.force_login(officer_a)
    client.post(reverse("members:import_start"), {"union": county.a.pk, "file": upload(csv_bytes(good_rows()),
                                                                                          "张三等会员.csv")})
    job = ImportJob.objects.get()
    assert job.original_name == "张三等会员.csv" and u.RANDOM_NAME.search(job.file.name)
    assert "张三" not in "".join(u.stored_files(media))


# --- item 16: our words, not the library's ---------------------------------------------------
def _lying_sizes(data: bytes) -> bytes:
    """A workbook whose sheet says it unpacks to 10 bytes (a damaged or truncated file)."""
    buffer = bytearray(data)
    for magic, size_at, name_len_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        position = 0
        while (position := buffer.find(magic, position)) >= 0:
            length = struct.unpack("<H", buffer[position + name_len_at:position + name_len_at + 2])[0]
            if buffer[position + name_at:position + name_at + length].startswith(b"xl/worksheets"):
                buffer[position + size_at:position + size_at + 4] = struct.pack("<I", 10)
            position += 4
    return bytes(buffer)


def _noise(n, seed, head=b""):
    rng = random.Random(seed)
    return head + bytes(rng.randrange(256) for _ in range(n))


def _bad_rosters():
    workbook = xlsx_bytes(good_rows(300))
    text = "姓名,身份证号码,入会时间\n张三,11010519491231002X,2018-01-01\n"
    return [
        ("truncated xlsx", "花名册.xlsx", workbook[:len(workbook) // 2], "damaged or incomplete"),
        ("xlsx whose sheet lies about its size", "花名册.xlsx", _lying_sizes(workbook), "unreadable"),
        ("random bytes named .xlsx", "花名册.xlsx", _noise(5000, 1), None),
        ("random bytes after a ZIP header", "花名册.xlsx", _noise(5000, 2, b"PK\x03\x04"), "damaged or incomplete"),
        ("random bytes after an OLE2 header", "花名册.xls", _noise(5000, 3, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
         "unreadable"),
        ("csv in UTF-32", "花名册.csv", text.encode("utf-32"), "characters are written in a way"),
        ("csv in Big5 with bytes GB18030 cannot read", "花名册.csv", "姓名,身分證\n".encode("big5") + b"\xff\xff\n",
         "characters are written in a way"),
    ]


@pytest.mark.parametrize("case,name,data,words", _bad_rosters(), **ids)
def test_a_bad_roster_is_refused_in_our_own_words(client, english, county, officer_a, media, case, name, data, words):
    client.force_login(officer_a)
    response = client.post(reverse("members:import_start"), {"union": county.a.pk, "file": upload(data, name)})
    assert response.status_code == 200 and not ImportJob.objects.exists()
    errors = " ".join(response.context["form"].errors["file"])
    assert not [word for word in LIBRARY_WORDS if word in errors], errors
    english.force_login(officer_a)
    response = english.post(reverse("members:import_start"), {"union": county.a.pk, "file": upload(data, name)})
    errors = " ".join(response.context["form"].errors["file"])
    assert not [word for word in LIBRARY_WORDS if word in errors], errors
    if words in MESSAGE_CODES:
        from django.utils import translation

        with translation.override("en"):
            assert describe(words) in errors
    elif words:
        assert words in errors


def test_the_job_page_names_no_encoding(client, county, officer_a, media):
    client.force_login(officer_a)
    client.post(reverse("members:import_start"), {"union": county.a.pk,
                                                  "file": upload(csv_bytes(good_rows(), encoding="gbk"), "花名册.csv")})
    job = ImportJob.objects.get()
    assert job.encoding == "gb18030"
    page = client.get(reverse("members:import_detail", args=[job.pk])).content.decode()
    assert "gb18030" not in page.lower()
