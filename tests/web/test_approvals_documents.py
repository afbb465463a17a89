"""The printable documents: what each says (read back with pdftotext), who may download it, and the
letter's layout — the seal's box beside the signature, never on top of it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from careerpath.core.workflow import State
from careerpath.promotions.documents import letters_layout
from careerpath.promotions.models import Letter
from tests.web.approvals_world import (
    World,
    advance,
    build_world,
    login,
    needs_poppler,
    pdf_pages,
    pdf_text,
    pdf_words,
)

pytestmark = [pytest.mark.django_db, needs_poppler]


@pytest.fixture
def world(db, settings) -> World:  # noqa: ANN001
    return build_world(settings)


def _flat(text: str) -> str:
    return "".join(text.split())  # letter-spaced titles and wrapped cells read as one string


def test_the_application_form_has_the_person_levels_statement_and_eligibility(client, world, tmp_path):
    app = advance(world, world.agents[:1], State.HR_APPROVED)[0]
    login(client, world, "hr")
    res = client.get(reverse("web:application_form_pdf", args=[app.pk]))
    assert res.status_code == 200 and res["Content-Type"] == "application/pdf"
    text = _flat(pdf_text(res.content, tmp_path))
    for expected in ("晋升申请表", "张三", "E1", "华东客服一部", "李主管", "初级客服专员", "中级客服专员",
                     "申请晋升为中级客服专员", "2026年9月28日", "符合晋升条件", "本职级任职", "✓符合",
                     "申请人", "直接上级意见", "部门负责人意见", "人力资源部意见", "签字", "客服公示〔2026〕1号"):
        assert expected in text, expected
    assert "2026-09-28" not in text  # dates in the Chinese form


def test_the_review_report_has_the_interview_the_report_and_the_managers_review(client, world, tmp_path):
    app = advance(world, world.agents[:1], State.MANAGER_REVIEWED)[0]
    login(client, world, "supervisor")
    res = client.get(reverse("web:application_report_pdf", args=[app.pk]))
    assert res.status_code == 200
    text = _flat(pdf_text(res.content, tmp_path))
    for expected in ("晋升评审报告", "张三", "面谈：业务熟练，能独立处理常规异常", "该同志表现稳定，同意晋升",
                     "部门同意", "李主管", "王经理", "部门负责人复审"):
        assert expected in text, expected


def test_the_notice_has_its_number_the_people_and_the_period_in_working_days(client, world, tmp_path):
    apps = advance(world, world.agents[:2], State.IN_NOTICE)
    notice = world.notices[0]
    login(client, world, "far")  # anyone may read a notice
    res = client.get(reverse("web:notice_pdf", args=[notice.pk]))
    assert res.status_code == 200
    text = _flat(pdf_text(res.content, tmp_path))
    for expected in ("客服公示〔2026〕1号", "关于2026年客服人员晋升的公示", "2026年9月28日至2026年10月9日",
                     "共5个工作日", "拟晋升职级", "2026年10月16日", *(a.employee.name for a in apps)):
        assert expected in text, expected


@pytest.mark.parametrize(("who", "form", "report"), [
    ("hr", 200, 200), ("agent", 200, 403), ("supervisor", 200, 200), ("manager", 200, 200),
    ("agent2", 403, 403), ("far", 403, 403),
])
def test_who_may_download_the_form_and_the_report(client, world, who, form, report):
    app = advance(world, world.agents[:1], State.NOTICE_CLOSED)[0]
    login(client, world, who)
    assert client.get(reverse("web:application_form_pdf", args=[app.pk])).status_code == form
    assert client.get(reverse("web:application_report_pdf", args=[app.pk])).status_code == report


def test_unknown_documents_are_404(client, world):
    login(client, world, "hr")
    for name in ("application_form_pdf", "application_report_pdf", "notice_pdf", "application_letter_pdf"):
        assert client.get(reverse(f"web:{name}", args=[999])).status_code == 404, name


def _box(box) -> tuple[float, float, float, float]:  # noqa: ANN001
    """A WeasyPrint box's border box: (left, top, right, bottom) in CSS px."""
    return (box.border_box_x(), box.border_box_y(), box.border_box_x() + box.border_width(),
            box.border_box_y() + box.border_height())


def _find(box, element_id: str):  # noqa: ANN001, ANN202
    if getattr(box, "element", None) is not None and box.element.get("id") == element_id:
        return box
    for child in getattr(box, "children", []):
        found = _find(child, element_id)
        if found is not None:
            return found
    return None


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_letters_seal_box_does_not_overlap_the_signature(world):
    # given three letters in one batch (one page each)
    advance(world, world.agents[:3], State.LETTER_ISSUED)
    letters = list(Letter.objects.select_related("application__employee__department",
                                                 "application__policy_version").order_by("pk"))
    document = letters_layout(letters)
    assert len(document.pages) == 3
    for i, page in enumerate(document.pages, start=1):
        seal = _find(page._page_box, f"seal-{i}")
        signature = _find(page._page_box, f"signature-{i}")
        assert seal is not None and signature is not None
        s, g = _box(seal), _box(signature)
        # the seal is a real box (32 mm ≈ 121 px), left of the issuer and date, at the same height
        assert s[2] - s[0] > 100 and s[3] - s[1] > 100
        assert not _overlap(s, g), (s, g)
        assert s[2] <= g[0]
        assert s[1] < g[3] and g[1] < s[3]


def test_the_printed_letter_keeps_the_seal_text_apart_from_the_signature_line(world, tmp_path):
    # read back from the PDF itself: the words of the seal's box and of the signature line
    advance(world, world.agents[:1], State.LETTER_ISSUED)
    letter = Letter.objects.select_related("application__employee__department", "application__policy_version").get()
    from careerpath.promotions.documents import letters_pdf

    content = letters_pdf([letter])
    assert pdf_pages(content, tmp_path) == 1  # the letter and its receipt fit on one A4 page
    words = pdf_words(content, tmp_path)
    seal = [w for w in words if "盖章处" in w[0]]
    signature = [w for w in words if w[0] == "示例物流有限公司人力资源部" or w[0] == "2026年10月12日"]
    assert len(seal) == 1 and len(signature) == 2
    x_max_seal = max(w[3] for w in seal)
    assert all(x_max_seal < w[1] for w in signature)  # every signature word starts right of the seal
    # nothing else sits under the signature line inside the seal's column either
    receipt = [w for w in words if "员工签名" in w[0]]
    assert receipt and all(w[2] > max(s[4] for s in signature) for w in receipt)


def test_the_letter_draft_is_marked_and_unnumbered(world, tmp_path):
    from careerpath.promotions.documents import letter_draft_pdf

    app = advance(world, world.agents[:1], State.HR_APPROVED)[0]
    text = _flat(pdf_text(letter_draft_pdf(app, issued_on=date(2026, 10, 13)), tmp_path))
    assert "样稿" in text and "文号于发放时编定" in text and "客服晋字" not in text and "2026年10月13日" in text
