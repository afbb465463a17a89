"""What the notice pages share: the notice's phase as a badge, and service errors as sentences in the
reader's language (the services speak "中文 (English)"; a page shows one language, with dates written
the local way)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from careerpath.attachments import max_bytes
from careerpath.errors import ServiceError
from careerpath.i18n import engine_lang
from careerpath.labels import date_label
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import Application
from careerpath.promotions.notice_selectors import NoticePhase


@dataclass(frozen=True, slots=True)
class Badge:
    text: str | Promise
    tone: str
    symbol: str  # the meaning without colour (glyphs the CJK fonts have: no emoji)


PHASE_BADGES: dict[NoticePhase, Badge] = {
    NoticePhase.UPCOMING: Badge(_("待开始"), "secondary", "◷"),
    NoticePhase.RUNNING: Badge(_("公示中"), "blue", "▶"),
    NoticePhase.ENDED: Badge(_("公示期满，待结束"), "orange", "⚑"),
    NoticePhase.CLOSED: Badge(_("已结束"), "green", "✓"),
}

OBJECTION_BADGES: dict[str, Badge] = {
    "open": Badge(_("待调解"), "orange", "◔"),
    "upheld": Badge(_("异议成立"), "red", "✓"),
    "dismissed": Badge(_("异议不成立"), "secondary", "✗"),
}

# What each service refusal means to the person in front of the page. The keys are the errors' stable
# codes ("<code>:<field>" for the plain invalid-input ones); the values may name what the view knows.
_MESSAGES: dict[str, Promise] = {
    "notice_backdated": _("公示日期不能早于今天（%(today)s）：公示期须从发布之日起算，请定为今天或以后。"),
    "calendar_missing": _("%(year)s 年的工作日历尚未录入，无法计算公示期。请先在管理后台录入该年的节假日和调休，"
                          "或选择更早的公示日期。"),
    "invalid:effective_on": _("生效日期不能早于公示日期。"),
    "invalid:applications": _("请至少选择一份申请。"),
    "notice_closed": _("该公示的异议期为 %(first)s至%(last)s（当日下班截止），现在不接受异议。"),
    "entry_withdrawn": _("该人员已撤出公示，不再接受异议。"),
    "invalid:text": _("请填写异议内容。"),
    "notice_running": _("公示期至 %(last)s 下班截止，尚未结束，现在还不能结束公示。"),
    "objection_open": _("尚有异议未调解，请先处理全部异议再结束公示。"),
    "invalid_transition": _("该事项已被处理或状态已变化，请刷新页面后再试。"),
    "invalid:note": _("请填写调解意见。"),
    "invalid:outcome": _("请选择调解结果。"),
    "self_decision": _("不能处理与本人有关的事项，须由其他人力资源同事处理。"),
    "forbidden_role": _("您没有权限执行此操作。"),
    "out_of_scope": _("该员工不在您的数据范围内。"),
    "attachment_too_large": _("附件超过 %(mb)s MB 的上限。"),
    "attachment_empty": _("附件是空文件。"),
    "attachment_type": _("附件须为 PDF、PNG、JPEG 或 WebP 文件。"),
}

_YEAR = re.compile(r"(\d{4})\s*年")
# "中文说明 (English explanation)" — the services' bilingual form.
_PAIR = re.compile(r"^(?P<zh>.*?)\s*\((?P<en>[^()]*[A-Za-z][^()]*)\)\s*$", re.S)


def _one_language(message: str) -> str:
    match = _PAIR.match(message)
    if match is None:
        return message
    return match["en"] if engine_lang() == "en" else match["zh"]


def error_text(exc: ServiceError, **context: Any) -> str:
    """``exc`` as one sentence in the active language; dates in ``context`` are written the local way."""
    key = exc.code if exc.code not in ("invalid", "forbidden", "conflict") else f"{exc.code}:{exc.field}"
    template = _MESSAGES.get(key)
    if template is None:
        return _one_language(exc.message)
    values = {k: date_label(v) if hasattr(v, "isoformat") else v for k, v in context.items()}
    values.setdefault("mb", max_bytes() // (1024 * 1024))
    if exc.code == "calendar_missing":
        year = _YEAR.search(exc.message)
        values.setdefault("year", year[1] if year else "")
    try:
        return str(template) % values
    except (KeyError, TypeError):
        return _one_language(exc.message)


@dataclass(frozen=True, slots=True)
class AppRow:
    """An application with its levels named under its own policy version (no query per row, unlike the
    ``label`` filter, which reads the active version each time)."""

    app: Application
    from_level: str
    to_level: str
    url: str | None = None


def app_row(app: Application, url: str | None = None) -> AppRow:
    levels = policy_of(app.policy_version).levels
    lang = engine_lang()

    def name(code: str) -> str:
        level = levels.get(code)
        return level.name.get(lang) if level is not None else code

    return AppRow(app=app, from_level=name(app.from_level), to_level=name(app.to_level), url=url)
