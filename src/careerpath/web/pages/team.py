"""Pages: the team overview (/team/) of a supervisor, a department manager or HR.

Who in the viewer's scope is eligible now for which moves, who will be within three months (the engine's
projected dates) and what blocks the others. Filters and sorting are GET parameters, so a view is a
bookmark; HTMX swaps only the results when a filter changes. The summaries come from
``evaluation.team`` (cached per person, fresh for the facts on record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from careerpath.clock import today
from careerpath.core.policy import Policy
from careerpath.evaluation.team import (
    SORTS,
    TEAM_ROLES,
    TeamRow,
    TeamStatus,
    team_nav_queryset,
    team_overview,
)
from careerpath.evidence.selectors import policy_get
from careerpath.i18n import engine_lang
from careerpath.labels import date_label
from careerpath.web.links import url_or_none
from careerpath.web.nav import NavEntry, nav_register

PER_PAGE = 50

_STATUS_CHOICES = [
    ("", _("全部状态")),
    (TeamStatus.ELIGIBLE.value, _("现在可申请")),
    (TeamStatus.SOON.value, _("3个月内可申请")),
    (TeamStatus.BLOCKED.value, _("尚有欠缺")),
]
_SORT_CHOICES = [(s, s) for s in SORTS] + [(f"-{s}", f"-{s}") for s in SORTS]


class TeamFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=_STATUS_CHOICES, required=False)
    level = forms.ChoiceField(label=_("当前职级"), required=False)
    dept = forms.TypedChoiceField(label=_("部门"), coerce=int, required=False, empty_value=None)
    q = forms.CharField(label=_("姓名或工号"), max_length=50, required=False)
    sort = forms.ChoiceField(label=_("排序"), choices=_SORT_CHOICES, required=False)
    page = forms.IntegerField(label=_("页码"), min_value=1, required=False)

    def __init__(self, data: object, *, policy: Policy, lang: str, departments: list[tuple[int, str]]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["level"].choices = [("", _t("全部职级"))] + [
            (code, lv.name.get(lang)) for code, lv in policy.levels.items()]
        self.fields["dept"].choices = [("", _t("全部部门"))] + [(str(pk), name) for pk, name in departments]
        for name in ("status", "level", "dept", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["q"].widget = forms.TextInput(attrs={
            "class": "form-control", "type": "search", "placeholder": _t("按姓名或工号查找")})
        self.fields["q"].max_length = 50


@dataclass(frozen=True, slots=True)
class SortLink:
    key: str
    label: str
    url: str
    state: str  # "ascending" | "descending" | "none" (aria-sort)


@dataclass(frozen=True, slots=True)
class RowView:
    """One row, with every text already in the viewer's language (50 rows render fast that way)."""

    row: TeamRow
    level_name: str
    department: str
    months: str
    status_label: str
    status_symbol: str  # beside the words: colour is never the only signal
    eligible: list[str]  # "高级客服专员（晋升）"
    soon: list[tuple[str, str]]  # (move, "预计 2027年3月1日 满足")
    later: str  # a projected date further away than three months, in words
    blocked_target: str
    blocked: list[str]
    blocked_more: str
    lapsing: list[str]  # passing evidence of that move leaving the window first, in words
    detail_url: str
    record_url: str | None


_STATUS_SYMBOL = {TeamStatus.ELIGIBLE: "✓", TeamStatus.SOON: "◷", TeamStatus.BLOCKED: "✗", TeamStatus.NONE: "•"}


def _status_label(status: TeamStatus) -> str:
    return {TeamStatus.ELIGIBLE: _t("现在可申请"), TeamStatus.SOON: _t("3个月内可申请"),
            TeamStatus.BLOCKED: _t("尚有欠缺"), TeamStatus.NONE: _t("无可申请的职级")}[status]


class _Rows:
    """Turns summaries into rows of the page; the words that repeat are looked up once."""

    def __init__(self, policy: Policy, lang: str, dept_names: dict[int, str]) -> None:
        self.policy, self.lang, self.dept_names = policy, lang, dept_names
        self.kinds = {"promotion": _t("晋升"), "lateral": _t("横向调整")}
        self.labels = {s: _status_label(s) for s in TeamStatus}
        # Whether the evidence part's recording page exists (on this branch it may not, yet).
        self.can_record = url_or_none("web:evidence_record", ["0"]) is not None

    def level_name(self, code: str | None) -> str:
        lv = self.policy.levels.get(code or "")
        return lv.name.get(self.lang) if lv else "—"

    def move_label(self, target: str, kind: str) -> str:
        word = self.kinds.get(kind, kind)
        return f"{self.level_name(target)} ({word})" if self.lang == "en" else f"{self.level_name(target)}（{word}）"

    def expected(self, d: date) -> str:
        return _t("预计 %(d)s 满足") % {"d": date_label(d, lang=self.lang)}

    def view(self, r: TeamRow) -> RowView:
        closest = r.closest_blocked if r.status != TeamStatus.ELIGIBLE else None
        missing = list(closest.missing) if closest else []
        more = len(missing) - 2
        months = "—" if r.months_in_level is None else ngettext(
            "%(n)s 个月", "%(n)s 个月", r.months_in_level) % {"n": r.months_in_level}
        soon = sorted((m.projected_on, self.move_label(m.target_level, m.move)) for m in r.soon_moves
                       if m.projected_on is not None)[:2]
        return RowView(
            row=r, level_name=self.level_name(r.level), department=self.dept_names.get(r.department_id or 0, "—"),
            months=months, status_label=self.labels[r.status], status_symbol=_STATUS_SYMBOL[r.status],
            eligible=[self.move_label(m.target_level, m.move) for m in r.eligible_moves],
            soon=[(label, self.expected(d)) for d, label in soon] if r.status == TeamStatus.SOON else [],
            later=self.expected(r.projected_on) if r.status == TeamStatus.BLOCKED and r.projected_on else "",
            blocked_target=(self.level_name(closest.target_level) + (":" if self.lang == "en" else "："))
            if closest else "",
            blocked=missing[:2],
            blocked_more=ngettext("另有 %(n)s 项", "另有 %(n)s 项", more) % {"n": more} if more > 0 else "",
            lapsing=[_t("且“%(what)s”将于 %(d)s 失效") % {"what": label, "d": date_label(d, lang=self.lang)}
                     for label, d in (closest.lapsing[:2] if closest else ())],
            detail_url=reverse("web:employee_detail", args=[r.employee_no]),
            record_url=reverse("web:evidence_record", args=[r.employee_no]) if self.can_record else None,
        )


def _query(params: dict[str, object], **changes: object) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else "?"


@login_required
def team(request: HttpRequest) -> HttpResponse:
    lang = engine_lang()
    policy = policy_get()
    raw_dept = request.GET.get("dept") or ""
    overview = team_overview(user=request.user, policy=policy, as_of=today(), lang=lang,
                             department_id=int(raw_dept) if raw_dept.isdigit() else None)
    if overview is None:
        raise PermissionDenied
    form = TeamFilterForm(request.GET, policy=policy, lang=lang, departments=overview.departments)
    status = 200
    params: dict[str, object] = {}
    if form.is_valid():
        data = form.cleaned_data
        params = {k: data[k] for k in ("status", "level", "dept", "q", "sort") if data.get(k)}
    else:  # the errors show beside their fields, over the unfiltered team
        status = 400
        data = {"status": "", "level": "", "dept": None, "q": "", "sort": "", "page": 1}
    sort = data.get("sort") or "status"
    picked = overview.pick(status=data.get("status") or "", level=data.get("level") or "",
                           department=data.get("dept"), query=data.get("q") or "", sort=sort)
    page = Paginator(picked.rows, PER_PAGE).get_page(data.get("page") or 1)
    make = _Rows(policy, lang, overview.department_names)
    views = [make.view(r) for r in page.object_list]
    current = sort.lstrip("-")
    sort_links = []
    for key, label in (("name", _t("员工")), ("level", _t("当前职级")), ("months", _t("本职级月数")),
                       ("status", _t("状态")), ("projected", _t("预计满足"))):
        asc = current == key and not sort.startswith("-")
        sort_links.append(SortLink(key, label, _query(params, sort=f"-{key}" if asc else key, page=None),
                                   "ascending" if asc else "descending" if current == key else "none"))
    context = {
        "form": form, "page": page, "rows": views, "counts": picked.counts, "as_of": today(),
        "sort_links": sort_links,
        "status_links": {s: _query(params, status=s, page=None) for s in ("eligible", "soon", "blocked")},
        "all_link": _query(params, status=None, page=None),
        "page_links": {
            "prev": _query(params, page=page.previous_page_number()) if page.has_previous() else None,
            "next": _query(params, page=page.next_page_number()) if page.has_next() else None,
        },
        "total": overview.total, "shown": len(picked.rows), "stored": overview.stored, "status": data.get("status") or "",
        "company_wide": overview.company_wide,
        "show_dept_filter": len(overview.departments) > 1 or overview.company_wide,
    }
    template = "web/team/_results.html" if request.htmx and not request.htmx.boosted else "web/team/overview.html"
    return render(request, template, context, status=status)


def _nav_count(user: AbstractBaseUser) -> list[QuerySet]:
    return team_nav_queryset(user, as_of=today(), lang=engine_lang())


urlpatterns: list[URLPattern] = [
    path("team/", team, name="team"),
]

nav_register(NavEntry("team", _("团队概览"), "team", TEAM_ROLES, counts=_nav_count, order=40))
