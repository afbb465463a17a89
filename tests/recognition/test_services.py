"""Recognition services: propose → nominate → approve → award with certificate and internal praise; revoke;
辅助晋级项 contributions proposed by the manager and approved by the VP, seen by the engine."""

from __future__ import annotations

from datetime import date

import pytest

from careerpath.core.engine import evaluate
from careerpath.errors import Conflict, Forbidden, InvalidInput
from careerpath.evidence import models as ev
from careerpath.evidence.selectors import load_population, policy_get
from careerpath.promotions.models import Notification
from careerpath.recognition import services as s
from careerpath.recognition.models import Award, AwardRound, Candidate, Contribution, RoundState
from tests.recognition.world import OCTOBER, TODAY, RecognitionWorld, build_world

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w(db, settings) -> RecognitionWorld:  # noqa: ANN001
    return build_world(settings)


def _propose(w: RecognitionWorld) -> AwardRound:
    r, created = s.round_propose(actor=w.users["hr"], award="monthly_star", period_start=OCTOBER, today=TODAY)
    assert created
    return r


def test_the_rule_proposes_the_best_of_each_department_with_reasons(w):
    r = _propose(w)
    top = {c.employee.employee_no: c for c in Candidate.objects.filter(round=r, proposed=True).select_related("employee")}
    # 孙丽 complained too often, 周杰 worked too little, 吴刚 had a 重大投诉: left out by the rule
    assert set(top) == {"E1", "E5"}
    assert top["E1"].rank == 1 and top["E1"].nominated and "客户满意度 98.5%" in top["E1"].reason_zh
    assert "Customer satisfaction 98.5%" in top["E1"].reason_en
    below = Candidate.objects.get(round=r, employee__employee_no="E2")
    assert (below.proposed, below.nominated, below.rank) == (False, False, 2)
    assert not Candidate.objects.filter(round=r, employee__employee_no__in=["E3", "E4", "E6"]).exists()
    assert r.period_end == date(2026, 10, 31)


def test_proposing_again_changes_nothing(w):
    r = _propose(w)
    again, created = s.round_propose(actor=None, award="monthly_star", period_start=date(2026, 10, 20), today=TODAY)
    assert (again.pk, created) == (r.pk, False) and AwardRound.objects.count() == 1


@pytest.mark.parametrize(("award", "start", "code"), [
    ("no_such_award", OCTOBER, "unknown_award"),
    ("monthly_star", date(2026, 11, 1), "period_not_over"),
])
def test_a_bad_proposal_is_refused(w, award, start, code):
    with pytest.raises((InvalidInput, Conflict)) as exc:
        s.round_propose(actor=w.users["hr"], award=award, period_start=start, today=TODAY)
    assert exc.value.code == code and not AwardRound.objects.exists()


def test_only_hr_proposes(w):
    with pytest.raises(Forbidden):
        s.round_propose(actor=w.users["manager"], award="monthly_star", period_start=OCTOBER, today=TODAY)


def test_the_whole_flow_grants_the_award_and_records_the_praise(w, django_capture_on_commit_callbacks):
    r = _propose(w)
    best = Candidate.objects.get(round=r, employee__employee_no="E1")
    south = Candidate.objects.get(round=r, employee__employee_no="E5")
    second = Candidate.objects.get(round=r, employee__employee_no="E2")
    # the manager leaves nobody out without a reason, and may act only in their department
    with pytest.raises(InvalidInput) as exc:
        s.candidate_set(actor=w.users["manager"], candidate=best, nominated=False)
    assert exc.value.code == "reason_required"
    with pytest.raises(Forbidden):
        s.candidate_set(actor=w.users["manager"], candidate=south, nominated=False, reason="x")
    s.candidate_set(actor=w.users["manager"], candidate=second, nominated=True, reason="本月主动承担大客户专线")
    r = s.round_nominate(actor=w.users["hr"], round=r, today=TODAY, note="按规则并增补一人")
    assert r.state == RoundState.NOMINATED
    # monthly: HR approves (the policy's approver); a VP may not
    with pytest.raises(Forbidden):
        s.round_approve(actor=w.users["vp"], round=r, today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        r = s.round_approve(actor=w.users["hr"], round=r, today=TODAY)
    assert r.state == RoundState.APPROVED
    awards = {a.employee.employee_no: a for a in Award.objects.select_related("employee", "praise")}
    assert set(awards) == {"E1", "E2", "E5"}
    a = awards["E1"]
    assert a.certificate_no.startswith("RY202610-") and a.praise is not None
    assert (a.praise.source, a.praise.date) == ("internal", TODAY) and "2026年10月月度服务明星" in a.praise.note
    # the engine sees the praise as internal written praise
    pop = load_population()
    assert any(p.id == f"praise:{a.praise.pk}" for p in pop.people["E1"].praises)
    assert Notification.objects.filter(user=w.users["best"], text__contains="恭喜您荣获").exists()
    # revoking removes that praise
    with pytest.raises(InvalidInput):
        s.award_revoke(actor=w.users["hr"], award=a, reason=" ", today=TODAY)
    praise_pk = a.praise.pk
    s.award_revoke(actor=w.users["hr"], award=a, reason="数据有误", today=TODAY)
    assert not ev.Praise.objects.filter(pk=praise_pk).exists()
    with pytest.raises(Conflict):
        s.award_revoke(actor=w.users["hr"], award=a, reason="again", today=TODAY)


def test_a_step_out_of_order_is_a_conflict(w):
    r = _propose(w)
    with pytest.raises(Conflict) as exc:
        s.round_approve(actor=w.users["hr"], round=r, today=TODAY)
    assert exc.value.code == "invalid_transition"


def test_an_empty_nomination_is_refused(w):
    r = _propose(w)
    for c in Candidate.objects.filter(round=r, nominated=True):
        s.candidate_set(actor=w.users["hr"], candidate=c, nominated=False, reason="本月不评")
    with pytest.raises(InvalidInput) as exc:
        s.round_nominate(actor=w.users["hr"], round=r, today=TODAY)
    assert exc.value.code == "no_nominees"


def test_someone_may_be_added_with_a_reason(w):
    r = _propose(w)
    c = s.candidate_add(actor=w.users["manager"], round=r, employee=w.people["light"], reason="协助新人培训")
    assert (c.source, c.nominated, c.proposed) == ("added", True, False)
    with pytest.raises(Conflict):
        s.candidate_add(actor=w.users["hr"], round=r, employee=w.people["light"], reason="again")


def test_nobody_approves_their_own_award(w, settings):
    from tests.apiclient import make_user
    r = _propose(w)
    r = s.round_nominate(actor=w.users["hr"], round=r, today=TODAY)
    me = make_user("hr_winner", "hr", employee=w.people["best"].__class__.objects.get(employee_no="E5"))
    with pytest.raises(Forbidden) as exc:
        s.round_approve(actor=me, round=r, today=TODAY)
    assert exc.value.code == "self_decision"


def _contribution(w: RecognitionWorld) -> Contribution:
    from careerpath.attachments import CheckedFile
    return s.contribution_propose(actor=w.users["manager"], employee=w.people["best"], kind="revenue",
                                  customer="顺丰华东仓", year=2026, amount="1250000", description="拓展冷链专线",
                                  attachment=CheckedFile("财务确认.pdf", PDF, "application/pdf", ".pdf"), today=TODAY)


def test_a_contribution_is_proposed_by_the_manager_and_approved_by_the_vp(w):
    c = _contribution(w)
    with pytest.raises(Forbidden):
        s.contribution_decide(actor=w.users["hr"], contribution=c, approve=True, today=TODAY)
    with pytest.raises(InvalidInput):
        s.contribution_decide(actor=w.users["vp"], contribution=c, approve=False, today=TODAY)
    s.contribution_decide(actor=w.users["vp"], contribution=c, approve=True, today=TODAY)
    facts = load_population().people["E1"].contributions
    assert [(f.id, f.kind, f.customer, f.date) for f in facts] == [(f"contribution:{c.pk}", "revenue", "顺丰华东仓",
                                                                   TODAY)]
    # the explained result shows the plus; eligibility is unaffected either way
    res = evaluate(load_population(), policy_get(), TODAY, employee_no="E1")
    m = next(x for x in res.results if x.move_id == "intermediate_to_senior")
    b = next(x for x in m.criteria if x.id == "bonus_contribution")
    assert b.passed and "已有经审核的客户收入/客户毛利贡献" in b.actual


@pytest.mark.parametrize(("field", "kwargs"), [
    ("kind", {"kind": "profit"}),
    ("customer", {"customer": " "}),
    ("year", {"year": 2019}),
    ("amount", {"amount": None, "percent": None}),
    ("amount", {"amount": "-5"}),
    ("attachment", {"attachment": None}),
])
def test_a_bad_contribution_is_refused(w, field, kwargs):
    from careerpath.attachments import CheckedFile
    args = {"kind": "margin", "customer": "德邦", "year": 2026, "amount": "1000", "percent": None,
            "description": "毛利提升", "attachment": CheckedFile("a.pdf", PDF, "application/pdf", ".pdf")}
    args.update(kwargs)
    with pytest.raises(InvalidInput) as exc:
        s.contribution_propose(actor=w.users["manager"], employee=w.people["best"], today=TODAY, **args)
    assert exc.value.field == field and not Contribution.objects.exists()


def test_only_the_department_manager_proposes_a_contribution(w):
    from careerpath.attachments import CheckedFile
    with pytest.raises(Forbidden):
        s.contribution_propose(actor=w.users["manager"], employee=w.people["south"], kind="revenue", customer="x",
                               year=2026, amount="1", description="d",
                               attachment=CheckedFile("a.pdf", PDF, "application/pdf", ".pdf"), today=TODAY)


def test_a_yearly_award_is_approved_by_the_vp(w):
    from careerpath.evidence import models as evm
    for e in w.people.values():
        evm.MetricMonth.objects.create(employee=e, month=date(2025, 6, 1), values={"satisfaction": 0.97,
                                                                                "tickets": 600, "accuracy": 0.99})
    r, _ = s.round_propose(actor=w.users["hr"], award="yearly_star", period_start=date(2025, 1, 1), today=TODAY)
    r = s.round_nominate(actor=w.users["hr"], round=r, today=TODAY)
    with pytest.raises(Forbidden):
        s.round_approve(actor=w.users["hr"], round=r, today=TODAY)
    r = s.round_return(actor=w.users["vp"], round=r, reason="请补充说明")
    assert r.state == RoundState.PROPOSED
    r = s.round_nominate(actor=w.users["hr"], round=r, today=TODAY, note="已补充")
    r = s.round_approve(actor=w.users["vp"], round=r, today=TODAY)
    assert r.state == RoundState.APPROVED and r.awards.count() == 3
    assert all(a.certificate_no.startswith("RY2025-") for a in r.awards.all())
