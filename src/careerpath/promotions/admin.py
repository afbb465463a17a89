from __future__ import annotations

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from careerpath.adminkit import ReadOnlyAdmin
from careerpath.policy_versions.selectors import policy_of
from careerpath.promotions.models import Application, Letter, Notice, NoticeEntry, Objection


def _level_name(app: Application, code: str) -> str:
    level = policy_of(app.policy_version).levels.get(code)
    return level.name.get(get_language() or "zh-hans") if level else code


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "employee", "from_name", "to_name", "kind", "route", "state", "eligible", "effective_on")
    list_filter = ("state", "route", "move_type")
    list_select_related = ("employee", "policy_version")
    search_fields = ("employee__employee_no", "employee__name")

    @admin.display(description=_("原职级"), ordering="from_level")
    def from_name(self, obj: Application) -> str:
        return _level_name(obj, obj.from_level)

    @admin.display(description=_("目标职级"), ordering="to_level")
    def to_name(self, obj: Application) -> str:
        return _level_name(obj, obj.to_level)

    @admin.display(description=_("类型"), ordering="move_type")
    def kind(self, obj: Application) -> str:
        return str(_("横向调整")) if obj.move_type == "lateral" else str(_("晋升"))


class EntryInline(admin.TabularInline):
    model = NoticeEntry
    extra = 0
    can_delete = False
    readonly_fields = ("name", "department", "from_level_name", "to_level_name", "effective_on", "withdrawn")
    exclude = ("application", "exception_note")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "published_on", "last_day", "state")
    inlines = [EntryInline]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("id", "entry", "objector", "state", "filed_at", "resolved_by")
    list_filter = ("state",)


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("number", "application", "issued_on")
