"""The committee's scoring sheet (评分与排名): exams, the weighted scores, the ranking, quotas, decisions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerpath.accounts.models import Role
from careerpath.cycles import services
from careerpath.cycles.models import Candidate, Cycle, CycleState, Quota
from careerpath.cycles.screens import scoring_sheet
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound
from careerpath.i18n import engine_lang
from careerpath.people.models import Department
from careerpath.policy_versions.selectors import policy_of
from careerpath.uploads import upload_check_size
from careerpath.web.pages.approvals_common import DateInput
from careerpath.web.pages.cycle_common import SHEET_READERS, load_cycle, refused, require, text_field

SCORERS = frozenset({Role.COMMITTEE, Role.HR, Role.ADMIN})
DECIDERS = frozenset({Role.COMMITTEE, Role.ADMIN})


class ExamForm(forms.Form):
    employee_no = forms.CharField(label=gettext_lazy("工号"), max_length=32,
                                  widget=forms.TextInput(attrs={"class": "form-control"}),
                                  error_messages={"required": gettext_lazy("此项必填")})
    exam = forms.ChoiceField(label=gettext_lazy("考试"), choices=(), widget=forms.Select(attrs={"class": "form-select"}))
    date = forms.DateField(label=gettext_lazy("考试日期"), widget=DateInput(), input_formats=["%Y-%m-%d"],
                           error_messages={"required": gettext_lazy("此项必填"),
                                           "invalid": gettext_lazy("请按 年-月-日 填写日期")})
    score = forms.DecimalField(label=gettext_lazy("分数（0–100，选填）"), required=False, min_value=0, max_value=100,
                               decimal_places=2, widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
                               error_messages={"invalid": gettext_lazy("请填写 0–100 之间的数字"),
                                               "min_value": gettext_lazy("请填写 0–100 之间的数字"),
                                               "max_value": gettext_lazy("请填写 0–100 之间的数字")})
    passed = forms.ChoiceField(label=gettext_lazy("是否通过"), choices=(("1", gettext_lazy("通过")),
                                                                    ("0", gettext_lazy("未通过"))),
                               widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args: object, cycle: Cycle, lang: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        types = policy_of(cycle.policy_version).evidence.exam_types
        self.fields["exam"].choices = [(code, t.get(lang)) for code, t in types.items()]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("考试成绩工作簿（.xlsx，含「考试」工作表）"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
                           error_messages={"required": gettext_lazy("请选择文件")})


class QuotaForm(forms.Form):
    move_id = forms.ChoiceField(label=gettext_lazy("晋升路径"), choices=(),
                                widget=forms.Select(attrs={"class": "form-select"}))
    department = forms.ModelChoiceField(label=gettext_lazy("适用部门"), queryset=Department.objects.none(),
                                        required=False, empty_label=gettext_lazy("全公司"),
                                        widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.ChoiceField(label=gettext_lazy("名额方式"), choices=(("absolute", gettext_lazy("人数")),
                                                                  ("percent", gettext_lazy("提名人数的百分比"))),
                             widget=forms.Select(attrs={"class": "form-select"}))
    value = forms.DecimalField(label=gettext_lazy("人数或百分比"), min_value=0, max_value=100000, decimal_places=2,
                               widget=forms.NumberInput(attrs={"class": "form-control", "step": "1"}),
                               error_messages={"required": gettext_lazy("此项必填"),
                                               "invalid": gettext_lazy("请填写数字"),
                                               "min_value": gettext_lazy("不能为负数")})

    def __init__(self, *args: object, moves: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["move_id"].choices = moves
        self.fields["department"].queryset = Department.objects.order_by("name")

    def clean(self) -> dict:
        d = super().clean()
        v = d.get("value")
        if d.get("kind") == "absolute" and v is not None and v != int(v):
            self.add_error("value", _("人数须为整数"))
        if d.get("kind") == "percent" and v is not None and v > 100:
            self.add_error("value", _("百分比应在 0–100 之间"))
        return d


class DecideForm(forms.Form):
    selected = forms.ChoiceField(choices=(("1", "1"), ("0", "0")))
    reason = text_field(gettext_lazy("理由"), required=False, rows=2)


def _move_choices(sheet, lang: str, cycle: Cycle) -> list[tuple[str, str]]:  # noqa: ANN001
    levels = policy_of(cycle.policy_version).levels
    return [(mid, f"{levels[f].name.get(lang) if f in levels else f} → {levels[t].name.get(lang) if t in levels else t}")
            for mid, f, t in sheet.selectable_moves]


def _page(request: HttpRequest, cycle: Cycle, roles: frozenset[Role], *, exam: ExamForm | None = None,
          quota: QuotaForm | None = None, decide_errors: dict[int, str] | None = None,
          status: int = 200) -> HttpResponse:
    lang = engine_lang()
    sheet = scoring_sheet(cycle=cycle)
    state = CycleState(cycle.state)
    scoring = state == CycleState.SCORING
    for m in sheet.moves:
        for x in m.rows:
            x.error = (decide_errors or {}).get(x.pk, "")
    return render(request, "web/cycle/scoring.html", {
        "cycle": cycle, "sheet": sheet, "lang": lang,
        "exam_form": exam or ExamForm(cycle=cycle, lang=lang),
        "quota_form": quota or QuotaForm(moves=_move_choices(sheet, lang, cycle)),
        "can_score": bool(roles & SCORERS) and scoring,
        "can_exam": bool(roles & SCORERS) and state in (CycleState.NOMINATING, CycleState.SCORING),
        "can_quota": bool(roles & SCORERS) and state in (CycleState.OPEN, CycleState.NOMINATING, CycleState.SCORING)
        and not sheet.counts["decided"],
        "can_decide": bool(roles & DECIDERS) and scoring,
        "scored": sheet.counts["ranked"] > 0,
        "pending": sheet.counts["ranked"] - sheet.counts["decided"],
    }, status=status)


@login_required
def scoring_current(request: HttpRequest) -> HttpResponse:
    """The navigation's 评分与排名: the cycle being scored (else the one nominating, else the newest)."""
    require(request, SHEET_READERS)
    cycle = (Cycle.objects.filter(state=CycleState.SCORING).order_by("-year").first()
             or Cycle.objects.filter(state=CycleState.NOMINATING).order_by("-year").first()
             or Cycle.objects.order_by("-year").first())
    if cycle is None:
        return redirect("web:cycle_list")
    return redirect("web:cycle_scoring", year=cycle.year)


@login_required
def cycle_scoring(request: HttpRequest, year: int) -> HttpResponse:
    cycle, roles = load_cycle(request, year, SHEET_READERS)
    return _page(request, cycle, roles)


@login_required
@require_POST
def cycle_exam_record(request: HttpRequest, year: int) -> HttpResponse:
    cycle, roles = load_cycle(request, year, SCORERS)
    form = ExamForm(request.POST, cycle=cycle, lang=engine_lang())
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.candidate_exam_record(actor=request.user, cycle=cycle, employee_no=d["employee_no"].strip(),
                                           exam=d["exam"], on=d["date"], passed=d["passed"] == "1",
                                           score=float(d["score"]) if d["score"] is not None else None)
        except InvalidInput as exc:
            field = {"employee_no": "employee_no", "exam": "exam", "date": "date", "score": "score"}.get(
                exc.field or "")
            form.add_error(field, exc.message)
        except (Conflict, Forbidden) as exc:
            return refused(request, exc, "web:cycle_scoring", year)
        else:
            messages.success(request, _("考试成绩已录入：%(no)s。重新计分后计入排名。") % {"no": d["employee_no"]})
            return redirect("web:cycle_scoring", year=year)
    return _page(request, cycle, roles, exam=form, status=400)


@login_required
def cycle_exam_upload(request: HttpRequest, year: int) -> HttpResponse:
    """Upload the 考试 sheet: every error listed by sheet, row and column; nothing is saved until it is clean."""
    cycle, roles = load_cycle(request, year, SCORERS)
    form, errors, total, summary, result, status = UploadForm(), [], 0, "", None, 200
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            f = form.cleaned_data["file"]
            try:
                upload_check_size(f)
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / "upload.xlsx"
                    with path.open("wb") as fh:
                        for chunk in f.chunks():
                            fh.write(chunk)
                    result = services.cycle_exams_import(actor=request.user, cycle=cycle, path=path,
                                                         file_name=Path(f.name or "upload.xlsx").name)
            except InvalidInput as exc:
                details = exc.details or {}
                errors, total = details.get("errors", []), details.get("total", 0)
                summary = exc.message.splitlines()[0] if exc.message else ""
                if not errors:
                    form.add_error("file", exc.message)
                status = 400
            except (Conflict, Forbidden) as exc:
                return refused(request, exc, "web:cycle_scoring", year)
            else:
                messages.success(request, _("已导入 %(rows)s 行：新增 %(c)s，更新 %(u)s，未变 %(s)s。") % {
                    "rows": result.rows, "c": result.created, "u": result.updated, "s": result.unchanged})
                return redirect("web:cycle_scoring", year=year)
        else:
            status = 400
    return render(request, "web/cycle/exam_upload.html", {
        "cycle": cycle, "form": form, "errors": errors, "total": total, "summary": summary,
        "open": cycle.state in (CycleState.NOMINATING, CycleState.SCORING),
    }, status=status)


@login_required
@require_POST
def cycle_score(request: HttpRequest, year: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, SCORERS)
    try:
        services.cycle_score(actor=request.user, cycle=cycle)
    except (Conflict, Forbidden, InvalidInput) as exc:
        return refused(request, exc, "web:cycle_scoring", year)
    messages.success(request, _("已按当前数据计分并排名，名额内人选已更新。"))
    return redirect("web:cycle_scoring", year=year)


@login_required
@require_POST
def cycle_quota_set(request: HttpRequest, year: int) -> HttpResponse:
    cycle, roles = load_cycle(request, year, SCORERS)
    sheet = scoring_sheet(cycle=cycle)
    form = QuotaForm(request.POST, moves=_move_choices(sheet, engine_lang(), cycle))
    if form.is_valid():
        d = form.cleaned_data
        absolute = int(d["value"]) if d["kind"] == "absolute" else None
        percent = d["value"] if d["kind"] == "percent" else None
        try:
            services.cycle_quota_set(actor=request.user, cycle=cycle, move_id=d["move_id"], department=d["department"],
                                     absolute=absolute, percent=percent)
        except InvalidInput as exc:
            form.add_error({"move_id": "move_id", "absolute": "value", "percent": "value"}.get(exc.field or ""),
                           exc.message)
        except (Conflict, Forbidden) as exc:
            return refused(request, exc, "web:cycle_scoring", year)
        else:
            messages.success(request, _("名额已保存，名额内人选已按排名更新。"))
            return redirect("web:cycle_scoring", year=year)
    return _page(request, cycle, roles, quota=form, status=400)


@login_required
@require_POST
def cycle_quota_remove(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, SCORERS)
    quota = get_object_or_404(Quota, pk=pk, cycle=cycle)
    try:
        services.cycle_quota_remove(actor=request.user, quota=quota)
    except (Conflict, Forbidden) as exc:
        return refused(request, exc, "web:cycle_scoring", year)
    messages.success(request, _("名额已删除。"))
    return redirect("web:cycle_scoring", year=year)


@login_required
@require_POST
def cycle_decide(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    cycle, roles = load_cycle(request, year, DECIDERS)
    x = Candidate.objects.filter(pk=pk, cycle=cycle).first()
    if x is None:
        raise Http404
    form = DecideForm(request.POST)
    if not form.is_valid():
        return _page(request, cycle, roles, decide_errors={pk: _("请选择入选或未入选")}, status=400)
    try:
        services.candidate_decide(actor=request.user, candidate=x, selected=form.cleaned_data["selected"] == "1",
                                  reason=form.cleaned_data["reason"])
    except InvalidInput as exc:
        return _page(request, cycle, roles, decide_errors={pk: exc.message}, status=400)
    except (Conflict, Forbidden) as exc:
        return refused(request, exc, "web:cycle_scoring", year)
    messages.success(request, _("已记录评定小组对 %(name)s 的决定。") % {"name": x.employee.name})
    return redirect(reverse("web:cycle_scoring", args=[year]) + f"#c-{pk}")


@login_required
@require_POST
def cycle_accept(request: HttpRequest, year: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, DECIDERS)
    try:
        n = services.cycle_accept_proposal(actor=request.user, cycle=cycle)
    except (Conflict, Forbidden, InvalidInput) as exc:
        return refused(request, exc, "web:cycle_scoring", year)
    messages.success(request, _("其余 %(n)s 名候选人已按名额内建议决定。") % {"n": n})
    return redirect("web:cycle_scoring", year=year)


@login_required
@require_POST
def cycle_conclude(request: HttpRequest, year: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, DECIDERS)
    try:
        services.cycle_conclude(actor=request.user, cycle=cycle)
    except (Conflict, Forbidden, InvalidInput, NotFound) as exc:
        return refused(request, exc, "web:cycle_scoring", year)
    messages.success(request, _("评议已结束：入选人员的晋升申请已生成，待分管副总审批。"))
    return redirect("web:cycle_detail", year=year)
