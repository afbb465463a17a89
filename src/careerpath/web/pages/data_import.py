"""The standard workbook: import it (a dry run lists every error or what would change, then HR commits)
and export the database as one."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from careerpath.clock import today
from careerpath.errors import InvalidInput
from careerpath.evidence.selectors import import_batches_recent, policy_get, workbook_data_from_db
from careerpath.evidence.services import workbook_import
from careerpath.uploads import upload_check_size, upload_discard, upload_stage, upload_staged_path
from careerpath.web.pages.data_common import require_hr
from careerpath.workbook.errors import WorkbookError, WorkbookInvalid

# The sheets and record types of the summary, in the workbook's order (SPEC §7).
SHEET_LABELS: dict[str, Any] = {
    "departments": gettext_lazy("部门"),
    "employees": gettext_lazy("员工"),
    "positions": gettext_lazy("任职记录"),
    "praises": gettext_lazy("书面表扬"),
    "mentorships": gettext_lazy("带教"),
    "trainings": gettext_lazy("培训"),
    "leaves": gettext_lazy("请假"),
    "metrics": gettext_lazy("月度指标"),
    "exams": gettext_lazy("考试"),
    "appraisals": gettext_lazy("年度考评"),
    "attestations": gettext_lazy("能力认定"),
    "incidents": gettext_lazy("事故"),
}
SHOWN_ERRORS = 500  # on the page; a workbook with more is fixed from the first ones anyway
SESSION_KEY = "data_import_staged"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("标准工作簿（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
                           error_messages={"required": gettext_lazy("请选择要导入的工作簿文件")})

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        try:
            upload_check_size(f, field="file")
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None
        if not (f.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("只接受 .xlsx 格式的标准工作簿"))
        return f


@dataclass(frozen=True, slots=True)
class SheetCount:
    kind: str
    label: str
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _counts(raw: dict[str, Any]) -> list[SheetCount]:
    """Counts of an import (ImportResult's or an ImportBatch's), one row per sheet in workbook order."""
    rows = []
    for kind in sorted(raw, key=lambda k: list(SHEET_LABELS).index(k) if k in SHEET_LABELS else 99):
        c = raw[kind]
        get = c.get if isinstance(c, dict) else lambda name, c=c: getattr(c, name)
        rows.append(SheetCount(kind, str(SHEET_LABELS.get(kind, kind)), get("created"), get("updated"),
                               get("unchanged")))
    return rows


def _page(request: HttpRequest, form: UploadForm, *, status: int = 200, **extra: Any) -> HttpResponse:
    batch_id = request.GET.get("batch", "")
    done = import_batches_recent(pk=int(batch_id), limit=1) if batch_id.isdigit() else []
    ctx = {"form": form, "recent": import_batches_recent(limit=8), "max_mb": settings.CAREERPATH_UPLOAD_MAX_BYTES
           // (1024 * 1024), "done": done[0] if done else None,
           "done_counts": _counts(done[0].counts) if done else []}
    return render(request, "web/data/import.html", ctx | extra, status=status)


def _errors_context(exc: WorkbookInvalid) -> dict[str, Any]:
    shown: list[WorkbookError] = exc.listed(SHOWN_ERRORS)
    return {"errors": shown, "error_total": len(exc.errors), "errors_more": len(exc.errors) - len(shown)}


@login_required
def data_import(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "导入数据")
    if request.method != "POST":
        return _page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    upload = form.cleaned_data["file"]
    name = Path(upload.name or "upload.xlsx").name
    token = upload_stage(upload.chunks())
    path = upload_staged_path(token)
    assert path is not None
    try:
        # The dry run: the real import, validated and counted, then rolled back.
        preview = workbook_import(path=path, actor=request.user, policy=policy_get(), source_file=name, dry_run=True)
    except WorkbookInvalid as exc:
        upload_discard(token)
        return _page(request, UploadForm(), status=400, file_name=name, **_errors_context(exc))
    old = request.session.get(SESSION_KEY)
    if old:
        upload_discard(old.get("token", ""))
    request.session[SESSION_KEY] = {"token": token, "name": name}
    return _page(request, UploadForm(), file_name=name, preview=_counts(preview.counts), token=token)


@login_required
@require_POST
def data_import_commit(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "导入数据")
    staged = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = upload_staged_path(token) if token and staged.get("token") == token else None
    if path is None:
        messages.error(request, _("待导入的文件已失效，请重新上传。"))
        return redirect("web:data_import")
    name = staged.get("name") or "upload.xlsx"
    try:
        result = workbook_import(path=path, actor=request.user, policy=policy_get(), source_file=name)
    except WorkbookInvalid as exc:
        # The database changed since the dry run (another import): nothing written, the errors shown.
        return _page(request, UploadForm(), status=400, file_name=name, **_errors_context(exc))
    finally:
        upload_discard(token)
        request.session.pop(SESSION_KEY, None)
    messages.success(request, _("已导入 %(name)s。") % {"name": name})
    return redirect(reverse("web:data_import") + f"?batch={result.batch_id}")


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    require_hr(request.user, "导出数据")
    return render(request, "web/data/export.html", {"sheets": [str(v) for k, v in SHEET_LABELS.items()
                                                               if k != "departments"]})


@login_required
def data_export_download(request: HttpRequest) -> HttpResponse:
    """The whole database as the standard workbook (the CLI's ``careerpath export``), texts kept as text."""
    require_hr(request.user, "导出数据")
    from careerpath.workbook.writer import write_workbook

    name = f"careerpath-{today().isoformat()}.xlsx"
    with tempfile.TemporaryDirectory(prefix="careerpath-export-") as tmp:
        path = Path(tmp) / name
        write_workbook(path, workbook_data_from_db(source=name))
        fh = path.open("rb")  # still readable once the folder is gone (POSIX), streamed in blocks
    resp = FileResponse(fh, as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Cache-Control"] = "private, no-store"
    return resp
