"""What-if simulation pages (HR): start a run of a draft, watch its progress, read and export the result."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerpath.errors import InvalidInput
from careerpath.i18n import engine_lang
from careerpath.policy_versions import drafts
from careerpath.policy_versions.models import Simulation
from careerpath.policy_versions.simulation import (
    simulation_start,
    simulation_view,
    simulation_workbook,
    stalled,
)
from careerpath.web.pages.policy_editor import hr_only, load_draft

SHOWN = 500  # rows on the page; the export has them all


@login_required
def policy_simulations(request: HttpRequest) -> HttpResponse:
    hr_only(request, "查看政策模拟")
    sims = list(Simulation.objects.select_related("draft", "base_version", "created_by")[:30])
    return render(request, "web/policy/simulations.html", {
        "simulations": sims, "open_drafts": list(drafts.open_drafts()[:20])})


@login_required
@require_POST
def policy_simulate(request: HttpRequest, pk: int) -> HttpResponse:
    draft = load_draft(request, pk, "运行政策模拟")
    try:
        sim = simulation_start(actor=request.user, draft=draft)
    except InvalidInput:
        messages.error(request, _("草稿未通过校验，请先修正错误再模拟。"))
        return redirect("web:policy_draft", pk=draft.pk)
    return redirect("web:policy_simulation", pk=sim.pk)


class FilterForm(forms.Form):
    move = forms.ChoiceField(label=gettext_lazy("晋升路径"), required=False,
                             widget=forms.Select(attrs={"class": "form-select"}))
    department = forms.ChoiceField(label=gettext_lazy("部门"), required=False,
                                   widget=forms.Select(attrs={"class": "form-select"}))
    direction = forms.ChoiceField(label=gettext_lazy("变化"), required=False, choices=[
        ("", gettext_lazy("全部")), ("gain", gettext_lazy("新增符合")), ("loss", gettext_lazy("不再符合"))],
        widget=forms.Select(attrs={"class": "form-select"}))


def _load(request: HttpRequest, pk: int) -> Simulation:
    hr_only(request, "查看政策模拟")
    return get_object_or_404(Simulation.objects.select_related("draft", "base_version", "created_by"), pk=pk)


@login_required
def policy_simulation(request: HttpRequest, pk: int) -> HttpResponse:
    sim = _load(request, pk)
    ctx: dict[str, object] = {"sim": sim, "draft": sim.draft, "tab": "simulate", "stalled": stalled(sim)}
    if sim.status == "done":
        full = simulation_view(sim, lang=engine_lang())
        form = FilterForm(request.GET or None)
        form.fields["move"].choices = [("", _("全部"))] + [(m.move_id, m.move) for m in full.moves]
        form.fields["department"].choices = [("", _("全部"))] + [(d, d or _("（未分配部门）"))
                                                               for d, _g, _l in full.departments]
        f = form.cleaned_data if form.is_bound and form.is_valid() else {}
        view = simulation_view(sim, lang=engine_lang(), move=f.get("move", ""),
                               department=f.get("department", ""), direction=f.get("direction", "")) if f else full
        ctx.update({"v": view, "rows": view.changes[:SHOWN], "more": max(0, len(view.changes) - SHOWN),
                    "form": form, "query": request.GET.urlencode()})
    return render(request, "web/policy/simulation.html", ctx)


@login_required
def policy_simulation_progress(request: HttpRequest, pk: int) -> HttpResponse:
    sim = _load(request, pk)
    resp = render(request, "web/policy/_progress.html", {"sim": sim, "stalled": stalled(sim)})
    if sim.finished and request.headers.get("HX-Request"):
        resp["HX-Refresh"] = "true"  # the result replaces the whole page
    return resp


@login_required
def policy_simulation_export(request: HttpRequest, pk: int) -> HttpResponse:
    sim = _load(request, pk)
    if sim.status != "done":
        return redirect("web:policy_simulation", pk=sim.pk)
    lang = engine_lang()
    content = simulation_workbook(simulation_view(sim, lang=lang), lang=lang)
    resp = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="whatif-{sim.pk}-{sim.as_of.isoformat()}.xlsx"'
    return resp
