"""数据导入 / 数据导出: a dry run lists every error by sheet, row and column, or what would change; nothing is
written until HR commits; the export is the standard workbook with texts kept as text."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from careerpath.audit.models import AuditEvent
from careerpath.evidence.models import ImportBatch
from careerpath.people.models import Employee
from tests.web.data_fixtures import *  # noqa: F403 - the fixtures
from tests.web.data_fixtures import as_user, broken_copy

pytestmark = pytest.mark.django_db
URL = "/data/import/"


def _upload(client, path, name=None):  # noqa: ANN001, ANN202
    with path.open("rb") as fh:
        data = io.BytesIO(fh.read())
    data.name = name or path.name
    return client.post(URL, {"file": data})


def test_it_is_reversed_as_the_navigation_names_it():
    assert reverse("web:data_import") == URL
    assert reverse("web:data_export") == "/data/export/"


def test_it_renders_for_hr_and_admin_and_refuses_others(client, hr, admin, agent, django_assert_max_num_queries):
    for user in (hr, admin):
        as_user(client, user)
        with django_assert_max_num_queries(29):
            assert client.get(URL).status_code == 200
    as_user(client, agent)
    assert client.get(URL).status_code == 403
    assert client.get("/data/export/").status_code == 403
    assert client.get("/data/export.xlsx").status_code == 403


def test_a_workbook_with_errors_lists_each_by_sheet_row_and_column_and_writes_nothing(client, hr, make_workbook,
                                                                                     tmp_path):
    bad = broken_copy(make_workbook(12), tmp_path / "bad.xlsx")
    as_user(client, hr)
    before = AuditEvent.objects.count()
    res = _upload(client, bad)
    html = res.content.decode()
    assert res.status_code == 400
    rows = re.findall(r'<tr data-testid="import-error">(.*?)</tr>', html, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]
    assert ["员工", "3", "入司日期"] in [c[:3] for c in cells]
    assert ["任职记录", "2", "职级"] in [c[:3] for c in cells]
    assert ["任职记录", "2", "起始日期"] in [c[:3] for c in cells]
    assert "未导入任何数据" in html
    assert Employee.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert AuditEvent.objects.count() == before
    assert 'data-testid="import-commit"' not in html


def test_a_clean_workbook_is_previewed_then_imported_on_commit(client, hr, make_workbook,
                                                              django_assert_max_num_queries):
    path = make_workbook(12)
    as_user(client, hr)
    # when HR uploads it: the dry run counts what it would add, and writes nothing
    res = _upload(client, path, name="公司.xlsx")
    html = res.content.decode()
    assert res.status_code == 200
    assert re.search(r'data-testid="created-employees">12<', html)
    assert Employee.objects.count() == 0 and ImportBatch.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    # then commits: the import writes, and the summary per sheet is shown after the redirect
    res = client.post(reverse("web:data_import_commit"), {"token": token})
    assert res.status_code == 302
    assert Employee.objects.count() == 12
    batch = ImportBatch.objects.get()
    assert batch.file_name == "公司.xlsx" and batch.actor == hr
    assert AuditEvent.objects.filter(action="evidence.import", actor=hr).count() == 1
    with django_assert_max_num_queries(29):
        page = client.get(res["Location"]).content.decode()
    assert 'data-testid="import-done"' in page
    assert re.search(r'data-testid="created-employees">12<', page)
    # the same file again: everything unchanged
    res = _upload(client, path)
    assert re.search(r'data-testid="unchanged-employees">12<', res.content.decode())
    assert re.search(r'data-testid="created-employees">0<', res.content.decode())


def test_a_commit_needs_the_token_of_this_session(client, hr, make_workbook):
    as_user(client, hr)
    _upload(client, make_workbook(12))
    res = client.post(reverse("web:data_import_commit"), {"token": "x" * 32}, follow=True)
    assert "已失效" in res.content.decode()
    assert Employee.objects.count() == 0


def test_a_token_is_used_once(client, hr, make_workbook):
    as_user(client, hr)
    html = _upload(client, make_workbook(12)).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    client.post(reverse("web:data_import_commit"), {"token": token})
    res = client.post(reverse("web:data_import_commit"), {"token": token}, follow=True)
    assert "已失效" in res.content.decode()
    assert ImportBatch.objects.count() == 1


def test_it_refuses_a_file_over_the_upload_cap_and_a_non_xlsx(client, hr, make_workbook, settings, tmp_path):
    as_user(client, hr)
    settings.CAREERPATH_UPLOAD_MAX_BYTES = 1024
    res = _upload(client, make_workbook(12))
    assert res.status_code == 400 and "上限" in res.content.decode()
    settings.CAREERPATH_UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    other = tmp_path / "data.csv"
    other.write_text("a,b\n")
    res = _upload(client, other)
    assert res.status_code == 400 and ".xlsx" in res.content.decode()
    res = client.post(URL, {})
    assert res.status_code == 400 and "请选择要导入的工作簿文件" in res.content.decode()
    assert Employee.objects.count() == 0


def test_a_file_that_is_no_workbook_is_an_error_not_a_500(client, hr, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip at all")
    as_user(client, hr)
    res = _upload(client, fake)
    assert res.status_code == 400
    assert 'data-testid="import-error"' in res.content.decode()


def test_the_english_page_speaks_english(client, hr):
    as_user(client, hr)
    html = client.get(URL + "?lang=en").content.decode()
    main = html[html.index("<main"):]
    assert "Upload" in main
    assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"<[^>]+>", " ", main))


def test_the_export_is_the_standard_workbook_with_texts_kept_as_text(client, hr, make_workbook):
    from careerpath.evidence.selectors import policy_get
    from careerpath.evidence.services import workbook_import

    workbook_import(path=make_workbook(12), policy=policy_get())
    Employee.objects.filter(pk=Employee.objects.order_by("pk").first().pk).update(name="=HYPERLINK(\"x\",\"y\")")
    as_user(client, hr)
    res = client.get(reverse("web:data_export_download"))
    assert res.status_code == 200 and res["Content-Disposition"].startswith("attachment")
    wb = load_workbook(io.BytesIO(b"".join(res.streaming_content)))
    assert "员工" in wb.sheetnames and "任职记录" in wb.sheetnames
    names = [c.value for c in wb["员工"]["B"]][1:]
    assert len(names) == 12
    cell = next(c for c in wb["员工"]["B"] if c.value == '=HYPERLINK("x","y")')
    assert cell.data_type == "s"


def test_the_dry_run_counts_what_the_real_import_then_does(make_workbook, hr):
    from careerpath.evidence.selectors import policy_get
    from careerpath.evidence.services import workbook_import

    path = make_workbook(12)
    before = AuditEvent.objects.count()
    dry = workbook_import(path=path, actor=hr, policy=policy_get(), dry_run=True)
    assert Employee.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert AuditEvent.objects.count() == before  # the import's audit event is rolled back with it
    real = workbook_import(path=path, actor=hr, policy=policy_get())
    assert {k: (c.created, c.updated, c.unchanged) for k, c in dry.counts.items()} == \
        {k: (c.created, c.updated, c.unchanged) for k, c in real.counts.items()}
    assert dry.batch_id == 0 and real.batch_id > 0
