"""The demo's evidence in progress, so each queue of the evidence pages has something in it:

- a customer praise letter (with a photo) the demo ``employee`` submitted, waiting for the ``supervisor``;
- a training certificate of the same employee the supervisor rejected, with the reason;
- a mentee of the demo ``mentor`` still in training, waiting for the mentor's confirmation.

Everything goes through the real services; running it again changes nothing.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from careerpath.evidence.models import EvidenceSubmission, Mentorship
from careerpath.evidence.services import evidence_add, submission_create, submission_reject
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import positions_current_queryset

_FONTS = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
          "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
          "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def _photo(title: str, lines: list[str], *, tilt: bool = False) -> bytes:
    """A phone photo of a letter, drawn (Pillow comes with WeasyPrint); plain text when no CJK font exists."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font_path = next((p for p in _FONTS if Path(p).exists()), None)

    def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return ImageFont.truetype(font_path, size) if font_path else ImageFont.load_default()

    if font_path is None:
        title, lines = "Letter", ["(demo)"]
    img = Image.new("RGB", (900, 1200), (214, 205, 190))
    paper = Image.new("RGB", (760, 1060), (252, 250, 244))
    draw = ImageDraw.Draw(paper)
    draw.text((380, 90), title, fill=(30, 30, 30), font=font(56), anchor="mm")
    y = 200
    for line in lines:
        draw.text((70, y), line, fill=(40, 40, 40), font=font(30))
        y += 58
    draw.ellipse((470, 760, 690, 980), outline=(200, 30, 30), width=8)
    draw.text((580, 870), "表扬专用章" if font_path else "SEAL", fill=(200, 30, 30), font=font(30), anchor="mm")
    paper = paper.rotate(3 if tilt else -1.5, expand=True, fillcolor=(214, 205, 190))
    img.paste(paper, (40, 40))
    if tilt:
        img = img.filter(ImageFilter.GaussianBlur(4))  # the blurry photo a supervisor sends back
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _assistant_without_mentor(mentor: Employee) -> Employee | None:
    mentored = Mentorship.objects.values("mentee_id")
    taken = get_user_model().objects.filter(employee__isnull=False).values("employee__pk")
    newest = positions_current_queryset().filter(level__in=["assistant", "junior"]).values("employee_id")
    candidates = (Employee.objects.filter(pk__in=newest, status=EmployeeStatus.ACTIVE)
                  .exclude(pk__in=mentored).exclude(pk__in=taken).exclude(pk=mentor.pk))
    same = candidates.filter(department_id=mentor.department_id).order_by("-hired_on", "employee_no").first()
    return same or candidates.order_by("-hired_on", "employee_no").first()


def demo_evidence_load(*, today: date) -> list[str]:
    """Put the demo's evidence in progress; return what was done, for the console."""
    users = get_user_model().objects
    employee_user = users.filter(username="employee").first()
    supervisor_user = users.filter(username="supervisor").first()
    mentor_user = users.filter(username="mentor").first()
    out: list[str] = []
    employee = Employee.objects.filter(user=employee_user).first() if employee_user else None

    if employee is not None and supervisor_user is not None and not EvidenceSubmission.objects.filter(
            employee=employee).exists():
        praise = submission_create(
            actor=employee_user, kind="praise", praise_source="customer", customer="华联超市华东配送中心",
            date=today - timedelta(days=9), note="客户来信表扬：春节前加急订单全程跟踪、异常当天处理完毕。",
            attachment=SimpleUploadedFile("表扬信.png", _photo("表扬信", [
                f"贵公司客服 {employee.name} 同志：", "春节前我司加急订单较多，", "您全程跟踪、异常当天处理，",
                "保障了门店按时到货。", "特致此函，以示感谢！", "", "华联超市华东配送中心"]), "image/png"))
        certificate = submission_create(
            actor=employee_user, kind="training", program="储备干部培训", training_result="passed",
            date=today - timedelta(days=40), note="第三期储备干部培训结业",
            attachment=SimpleUploadedFile("结业证书.png", _photo("结业证书", [
                f"{employee.name} 同志：", "参加第三期储备干部培训，", "考核合格，准予结业。"], tilt=True),
                "image/png"))
        submission_reject(actor=supervisor_user, submission=certificate,
                          reason="照片模糊，看不清证书编号和日期，请重新拍摄清晰的照片后再提交。")
        out.append(f"证据材料：{employee.name} 的客户表扬信待直接上级确认（#{praise.pk}）；"
                   f"培训证书已被驳回（#{certificate.pk}）")

    mentor = Employee.objects.filter(user=mentor_user).first() if mentor_user else None
    if mentor is not None:
        open_ones = Mentorship.objects.filter(mentor=mentor, independent_on__isnull=True,
                                              mentee__status=EmployeeStatus.ACTIVE)
        if not open_ones.exists():
            mentee = _assistant_without_mentor(mentor)
            if mentee is not None:
                evidence_add(actor=None, kind="mentorship", mentor=mentor, mentee=mentee,
                             start_on=max(mentee.hired_on, today - timedelta(days=50)), reason="演示带教安排")
                out.append(f"带教：{mentor.name} 带教新人 {mentee.name}，待导师确认独立操作")
    return out
