"""审计日志: filters (who, action, dates, object), pages, actions in words, and CSV / Excel of the filtered set
(streamed; texts that a spreadsheet would run stay text)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from careerpath.audit.models import AuditEvent
from careerpath.audit.services import AuditItem, audit_record_many
from tests.web.data_fixtures import *  # noqa: F403 - the fixtures
from tests.web.data_fixtures import as_user

pytestmark = pytest.mark.django_db
URL = "/data/audit/"


@pytest.fixture
def log(hr, admin):  # noqa: ANN001, ANN201
    """120 events by hr (user.add, last week), 5 by admin (application.submit, today), one risky reason."""
    audit_record_many(actor=hr, action="user.add", items=[AuditItem(("user", str(i))) for i in range(120)])
    week_ago = timezone.now() - timedelta(days=7)
    # The log is append-only: backdate by writing fresh rows with an explicit time.
    AuditEvent.objects.bulk_create([AuditEvent(at=week_ago, actor=hr, actor_label="hr1", action="policy.publish",
                                               target_type="policyversion", target_id="7", from_state="draft",
                                               to_state="published")])
    audit_record_many(actor=admin, action="application.submit",
                      items=[AuditItem(("application", str(i)), from_state="draft", to_state="submitted",
                                       reason='=HYPERLINK("http://x.invalid","y")' if i == 0 else "")
                             for i in range(5)])


def _rows(html: str) -> int:
    return html.count('data-testid="audit-row"')


def test_it_pages_the_log_newest_first_in_a_query_budget(client, hr, log, django_assert_max_num_queries):
    as_user(client, hr)
    with django_assert_max_num_queries(29):
        html = client.get(URL).content.decode()
    assert _rows(html) == 50 and 'data-testid="pager"' in html
    first = re.search(r'data-testid="audit-action">([^<]+)<', html).group(1)
    assert first == "提交申请"  # application.submit in words, never the code
    with django_assert_max_num_queries(29):
        assert _rows(client.get(URL + "?page=3").content.decode()) > 0


@pytest.mark.parametrize(("query", "count"), [
    ("who=admin1", 5),
    ("who=hr1", 121),
    ("action=user.add", 120),
    ("action=application.", 5),
    ("target_type=application&target_id=3", 1),
    ("target_type=policyversion&target_id=7", 1),
])
def test_each_filter_narrows_the_log(client, hr, log, query, count):
    as_user(client, hr)
    html = client.get(f"{URL}?{query}").content.decode()
    total = int(re.search(r'data-testid="audit-total">共 (\d+) 条', html).group(1))
    assert total == count


def test_the_date_filters_include_the_whole_last_day(client, hr, log):
    as_user(client, hr)
    today = timezone.localdate()
    week_ago = today - timedelta(days=7)
    html = client.get(f"{URL}?since={week_ago}&until={week_ago}").content.decode()
    assert re.search(r'共 (\d+) 条', html).group(1) == "1"
    html = client.get(f"{URL}?since={today}").content.decode()
    assert int(re.search(r'共 (\d+) 条', html).group(1)) >= 125


def test_bad_filters_name_the_field(client, hr, log):
    as_user(client, hr)
    res = client.get(f"{URL}?since=2026-02-31")
    assert res.status_code == 400 and "请按 年-月-日 填写日期" in res.content.decode()
    res = client.get(f"{URL}?since=2026-03-02&until=2026-03-01")
    assert res.status_code == 400 and "结束日期不能早于开始日期" in res.content.decode()
    assert client.get(reverse("web:data_audit_csv") + "?since=nope").status_code == 400


def test_the_csv_export_streams_the_filtered_set_with_formulas_defused(client, hr, log):
    as_user(client, hr)
    res = client.get(reverse("web:data_audit_csv") + "?who=admin1")
    assert res.streaming and res["Content-Type"].startswith("text/csv")
    text = b"".join(res.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["时间", "操作人", "操作"]
    assert len(rows) == 1 + 5
    assert {r[2] for r in rows[1:]} == {"提交申请"} and {r[3] for r in rows[1:]} == {"application.submit"}
    risky = next(r for r in rows if "HYPERLINK" in r[8])
    assert risky[8].startswith("'=")


def test_the_excel_export_keeps_texts_as_text(client, hr, log):
    as_user(client, hr)
    res = client.get(reverse("web:data_audit_xlsx") + "?action=application.")
    wb = load_workbook(io.BytesIO(b"".join(res.streaming_content)))
    ws = wb.active
    assert ws.max_row == 1 + 5
    cell = next(c for c in ws["I"] if c.value and "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.value.startswith("=")


def test_only_hr_and_admin_read_the_log(client, agent, admin, log):
    as_user(client, agent)
    for url in (URL, reverse("web:data_audit_csv"), reverse("web:data_audit_xlsx")):
        assert client.get(url).status_code == 403
    as_user(client, admin)
    assert client.get(URL).status_code == 200


def test_the_english_log_speaks_english(client, hr, log):
    as_user(client, hr)
    html = client.get(URL + "?lang=en").content.decode()
    main = html[html.index("<main"):]
    assert "Submitted" in main
    text = re.sub(r"<[^>]+>", " ", main)
    assert not re.search(r"[\u4e00-\u9fff]", text), re.findall(r".{20}[\u4e00-\u9fff]+.{20}", text)[:5]


def test_every_recorded_action_has_a_label():
    """Each action a service writes (src/) is in words in both languages, never shown as its code."""
    import pathlib

    from careerpath.labels import code_label

    src = pathlib.Path(__file__).resolve().parents[2] / "src" / "careerpath"
    found = set()
    for path in src.rglob("*.py"):
        found |= set(re.findall(r'audit_record(?:_many)?\([^)]*?action="([a-z_]+\.[a-z_]+)"', path.read_text(), re.S))
    assert len(found) > 30
    missing = [a for a in sorted(found) if code_label("audit_action", a, lang="zh") == a
               or code_label("audit_action", a, lang="en") == a]
    assert not missing

