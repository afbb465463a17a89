"""Evidence changes are audited too: imports, and records changed by hand in the admin."""

from __future__ import annotations

from datetime import date

from careerpath.audit.models import AuditEvent
from careerpath.evidence.models import Praise
from careerpath.evidence.services import evidence_delete, evidence_save

from .conftest import Api


def test_a_hand_entered_praise_is_audited_with_what_changed(company) -> None:  # noqa: ANN001
    hr = company.users["hr"]
    p = evidence_save(actor=hr, record=Praise(employee=company.agent, date=date(2026, 5, 1), source="customer",
                                              customer="京东物流"), reason="客户来函")
    assert p.created_by == hr
    p.customer = "京东物流华东分公司"
    evidence_save(actor=hr, record=p, reason="更正客户名称")
    evidence_delete(actor=hr, record=p, reason="重复录入")
    events = list(AuditEvent.objects.filter(target_type="praise").order_by("id"))
    assert [e.action for e in events] == ["evidence.create", "evidence.change", "evidence.delete"]
    assert events[1].data["changed"] == {"customer": ["京东物流", "京东物流华东分公司"]}
    assert events[2].reason == "重复录入"


def test_the_admin_writes_through_the_audited_services(company, client) -> None:  # noqa: ANN001
    client.force_login(company.users["admin"])
    company.users["admin"].is_staff = company.users["admin"].is_superuser = True
    company.users["admin"].save()
    res = client.post("/admin/evidence/praise/add/", {
        "employee": company.agent.pk, "date": "2026-05-02", "source": "internal", "customer": "", "note": "表扬信"})
    assert res.status_code == 302, res.content[:500]
    assert AuditEvent.objects.filter(action="evidence.create", target_type="praise", actor_label="admin").exists()


def test_hr_reads_the_audit_log_through_the_api(company) -> None:  # noqa: ANN001
    evidence_save(actor=company.users["hr"], record=Praise(employee=company.agent, date=date(2026, 5, 1),
                                                           source="internal"))
    body = Api(company.users["hr"]).get("/audit?action=evidence.").json()
    assert body["count"] == 1 and body["items"][0]["actor_label"] == "hr"
    assert Api(company.users["agent"]).get("/audit").status_code == 403


def test_an_import_is_one_audit_event_with_its_counts(db, make_workbook, policy) -> None:  # noqa: ANN001
    from careerpath.evidence.services import workbook_import

    path = make_workbook(12)
    result = workbook_import(path=path, actor=None, policy=policy)
    ev = AuditEvent.objects.get(action="evidence.import")
    assert ev.target_id == str(result.batch_id) and ev.reason == path.name
    assert ev.data["counts"]["employees"]["created"] == 12
