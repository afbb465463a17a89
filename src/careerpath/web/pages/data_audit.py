"""The audit log viewer (HR, admin): filters, pages, each entry in words; CSV and Excel of the filtered set."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from careerpath.accounts.models import Role
from careerpath.audit.models import AuditEvent
from careerpath.audit.selectors import AuditFilter, audit_events_search
from careerpath.clock import today
from careerpath.labels import code_label
from careerpath.web.pages.approvals_common import DateInput
from careerpath.web.pages.data_common import require_hr
from careerpath.workbook.writer.safe import FORMULA_TRIGGERS, safe_row

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 1_000_000  # an .xlsx sheet holds 1,048,576 rows; the CSV has no such limit
_CHUNK = 2_000

# Targets that are not a model row (audit_record's ``target=(type, id)``).
_TARGET_TYPES = {"calendar": gettext_lazy("工作日历")}
# States recorded as words of their own (not a model's choices).
_STATES = {"active": gettext_lazy("启用"), "inactive": gettext_lazy("已停用"), "nominated": gettext_lazy("已提报"),
           # a calendar day (calendar.set_day)
           "workday": gettext_lazy("工作日"), "weekend": gettext_lazy("周末"), "holiday": gettext_lazy("节假日"),
           "makeup": gettext_lazy("调休上班")}
_ACTION_GROUPS = [("application.", gettext_lazy("晋升申请（全部）")), ("cycle.", gettext_lazy("年度评选（全部）")),
                  ("demotion_case.", gettext_lazy("降级（全部）")), ("evidence", gettext_lazy("证据（全部）")),
                  ("user.", gettext_lazy("账号（全部）")), ("policy.", gettext_lazy("晋升办法（全部）"))]


def _action_choices() -> list[tuple[str, str]]:
    from careerpath.labels import _AUDIT_ACTIONS

    lang = "en" if translation.get_language() == "en" else "zh"
    one = sorted(((code, pair[1] if lang == "en" else pair[0]) for code, pair in _AUDIT_ACTIONS.items()),
                 key=lambda c: c[0])
    return [("", _("全部操作"))] + [(k, str(v)) for k, v in _ACTION_GROUPS] + one


def _target_choices() -> list[tuple[str, str]]:
    """Every kind of record an event may be about: the project's models (and auth's user), by name."""
    names = {m._meta.model_name: str(m._meta.verbose_name) for m in apps.get_models()
             if m.__module__.startswith("careerpath.") or m._meta.model_name == "user"}
    names |= {k: str(v) for k, v in _TARGET_TYPES.items()}
    return [("", _("全部"))] + sorted(names.items(), key=lambda kv: kv[1])


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=gettext_lazy("操作人（用户名）"), required=False, max_length=150,
                          widget=forms.TextInput(attrs={"class": "form-control"}))
    action = forms.ChoiceField(label=gettext_lazy("操作"), required=False,
                               widget=forms.Select(attrs={"class": "form-select"}))
    since = forms.DateField(label=gettext_lazy("从（日期）"), required=False, widget=DateInput(),
                            input_formats=["%Y-%m-%d"], error_messages={"invalid": gettext_lazy("请按 年-月-日 填写日期")})
    until = forms.DateField(label=gettext_lazy("到（日期，含当天）"), required=False, widget=DateInput(),
                            input_formats=["%Y-%m-%d"], error_messages={"invalid": gettext_lazy("请按 年-月-日 填写日期")})
    target_type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False,
                                    widget=forms.Select(attrs={"class": "form-select"}))
    target_id = forms.CharField(label=gettext_lazy("对象编号"), required=False, max_length=64,
                                widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _action_choices()
        self.fields["target_type"].choices = _target_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("结束日期不能早于开始日期"))
        return data

    def filters(self) -> AuditFilter:
        d = self.cleaned_data
        return AuditFilter(who=d["who"].strip(), action=d["action"], since=d["since"], until=d["until"],
                           target_type=d["target_type"], target_id=d["target_id"].strip())


# --- entries in words -------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _model_of(target_type: str) -> Any:
    for model in apps.get_models():
        if model._meta.model_name == target_type:
            return model
    return None


def target_type_label(target_type: str) -> str:
    if target_type in _TARGET_TYPES:
        return str(_TARGET_TYPES[target_type])
    model = _model_of(target_type)
    return str(model._meta.verbose_name) if model is not None else target_type


def state_label(target_type: str, code: str) -> str:
    """A from/to state in words: the target's own state choices, roles for a user, else as recorded."""
    if not code:
        return ""
    if code in _STATES:
        return str(_STATES[code])
    if target_type == "user":
        labels = {r.value: str(r.label) for r in Role}
        return "、".join(labels.get(c, c) for c in code.split(",") if c) or "—"
    model = _model_of(target_type)
    if model is not None:
        for name in ("state", "status", "decision"):
            try:
                field = model._meta.get_field(name)
            except Exception:  # noqa: BLE001 - the model has no such field
                continue
            for value, label in field.flatchoices:
                if value == code:
                    return str(label)
    return code


def action_label(code: str) -> str:
    label = code_label("audit_action", code)
    if label == code and code.startswith("application."):
        label = code_label("action", code)
    return label


@dataclass(frozen=True, slots=True)
class Entry:
    event: AuditEvent
    action: str
    target_type: str
    from_state: str
    to_state: str


def entries(events: Iterable[AuditEvent]) -> list[Entry]:
    return [Entry(e, action_label(e.action), target_type_label(e.target_type), state_label(e.target_type, e.from_state),
                  state_label(e.target_type, e.to_state)) for e in events]


# --- pages --------------------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilter | None]:
    form = AuditFilterForm(request.GET or None)
    if not request.GET:
        return form, AuditFilter()
    return form, form.filters() if form.is_valid() else None


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "查看审计日志")
    form, filters = _filtered(request)
    if filters is None:
        return render(request, "web/data/audit.html", {"form": form, "page": None, "entries": [], "query": ""},
                      status=400)
    page = Paginator(audit_events_search(actor=request.user, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/data/audit.html", {"form": form, "page": page, "entries": entries(page.object_list),
                                                   "query": query.urlencode()})


def _export_rows(qs: Any) -> Iterator[list[Any]]:
    """The export's rows in the viewer's language, read from the database in chunks."""
    yield [_("时间"), _("操作人"), _("操作"), _("操作代码"), _("对象类型"), _("对象编号"), _("原状态"), _("新状态"),
           _("原因"), _("详情")]
    for e in qs.iterator(chunk_size=_CHUNK):
        at = timezone.localtime(e.at)
        yield [at.strftime("%Y-%m-%d %H:%M:%S"), e.actor_label, action_label(e.action), e.action,
               target_type_label(e.target_type), e.target_id, state_label(e.target_type, e.from_state),
               state_label(e.target_type, e.to_state), e.reason,
               json.dumps(e.data, ensure_ascii=False, sort_keys=True) if e.data else ""]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_safe(value: Any) -> Any:
    # OWASP's advice for CSV (a file anyone may open in a spreadsheet): a text that a spreadsheet would take
    # for a formula gets a leading apostrophe. (The .xlsx export marks its cells as text instead.)
    if isinstance(value, str) and value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def _export_name(ext: str) -> str:
    return f"audit-{today().isoformat()}.{ext}"


@login_required
def audit_csv(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "导出审计日志")
    form, filters = _filtered(request)
    if filters is None:
        return render(request, "web/data/audit.html", {"form": form, "page": None, "entries": []}, status=400)
    qs = audit_events_search(actor=request.user, filters=filters)
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"  # Excel reads the file as UTF-8 only with a byte-order mark
        for row in _export_rows(qs):
            yield writer.writerow([_csv_safe(v) for v in row])

    resp = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{_export_name("csv")}"'
    resp["Cache-Control"] = "private, no-store"
    return resp


@login_required
def audit_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered log as one sheet, written row by row (write-only) to a temporary file, then streamed."""
    require_hr(request.user, "导出审计日志")
    form, filters = _filtered(request)
    if filters is None:
        return render(request, "web/data/audit.html", {"form": form, "page": None, "entries": []}, status=400)
    from openpyxl import Workbook

    qs = audit_events_search(actor=request.user, filters=filters)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("审计日志"))
    ws.freeze_panes = "A2"
    for i, row in enumerate(_export_rows(qs)):
        if i > EXPORT_MAX_ROWS:
            ws.append([_("（超过 %(n)d 行，其余请缩小筛选范围或导出 CSV）") % {"n": EXPORT_MAX_ROWS}])
            break
        ws.append(safe_row(ws, row))
    fh = tempfile.TemporaryFile()
    wb.save(fh)
    fh.seek(0)
    resp = FileResponse(fh, as_attachment=True, filename=_export_name("xlsx"),
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Cache-Control"] = "private, no-store"
    return resp



