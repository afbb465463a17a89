"""The bounded types every REST schema and parameter uses, so no input can reach the database unchecked.

A value outside these bounds is a 400 ``validation_error`` naming the field, never a 500 further down:
years the calendars and cycles can hold, dates whose arithmetic (windows, deadlines, ``+ 1 day``) cannot
overflow, ids that fit a 64-bit primary key, counts that fit a 32-bit column, and texts no longer than
their column, without NUL (PostgreSQL refuses it in text) or lone surrogates (not encodable as UTF-8).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, get_type_hints

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate
from pydantic import AfterValidator, StringConstraints, TypeAdapter
from pydantic import ValidationError as PydanticValidationError

from careerpath.workbook.schema import NOTE_MAX_LENGTH

MIN_YEAR, MAX_YEAR = 2000, 2100
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2199, 12, 31)
MAX_ID = 2**63 - 1  # a BIGINT / SQLite INTEGER primary key
MAX_COUNT = 2**31 - 1  # a PositiveIntegerField on PostgreSQL is a 32-bit integer
MAX_PAGE = 1_000_000
MAX_LIST = 1000  # ids in one request body
MAX_NOTE = 10_000  # free text stored in a TextField (notes, reasons, statements)


def _clean_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不能包含 NUL 字符 (text must not contain NUL)")
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("包含无效的 Unicode 代理字符 (text contains a lone surrogate)")
    return value


def _bounded_date(value: date) -> date:
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError(f"日期应在 {MIN_DATE} 至 {MAX_DATE} 之间 (date out of range)")
    return value


def text(max_length: int) -> Any:
    """A text of at most ``max_length`` characters (the model column's length), without NUL or surrogates."""
    # StringConstraints rather than Field: it carries no default, so ``Form[Name] = ""`` keeps its default.
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_clean_text)]


# Lengths follow the model columns: Employee.employee_no 32, names 100, level codes 64, move ids 100 …
EmployeeNo = text(32)
Username = text(150)
Code = text(64)  # a level, competency, exam or state code of the policy
MoveId = text(100)
Name = text(100)  # people, departments, token names
Title = text(200)
FileName = text(255)
Note = text(MAX_NOTE)  # reviews, reports, reasons: free prose
EvidenceNote = text(NOTE_MAX_LENGTH)  # the 说明 of an evidence record or incident, as the workbook allows

Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Quantity = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Day = Annotated[date, AfterValidator(_bounded_date)]
Score = Annotated[float, Field(ge=0, le=1000, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]
Money = Annotated[Decimal, Field(ge=0, le=Decimal("99999999.99"), max_digits=10, decimal_places=2)]
Ids = Annotated[list[Id], Field(max_length=MAX_LIST)]


class Pages(PageNumberPagination):
    """``?page=N&page_size=M`` with both bounded (the offset must fit the database's integer)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)


def paginated(*, page_size: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``@paginate(Pages, page_size=…)`` for an endpoint whose parameters use the types above.

    ninja reads the parameters through its own wrapper, whose module cannot resolve the endpoint's
    postponed (string) annotations; resolving them first, in the endpoint's module, lets it see the bounds.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.__annotations__ = get_type_hints(view, include_extras=True)
        return paginate(Pages, page_size=page_size)(view)

    return decorate


def form_field(kind: Any, value: str, field: str) -> str:
    """Check one multipart form value against a type above; a ninja ``ValidationError`` (400) naming it."""
    from ninja.errors import ValidationError

    try:
        return TypeAdapter(kind).validate_python(value)  # type: ignore[no-any-return]
    except PydanticValidationError as exc:
        raise ValidationError([{"loc": ("form", field), "msg": e["msg"], "type": e["type"]}
                               for e in exc.errors()]) from None


def month_bounded(first: date) -> date:
    """Refuse a payroll month outside the years the system plans for (``first`` is the month's first day)."""
    if not MIN_YEAR <= first.year <= MAX_YEAR:
        raise ValueError(f"月份应在 {MIN_YEAR} 至 {MAX_YEAR} 年之间 (month out of range)")
    return first


__all__ = [
    "Code", "Day", "EmployeeNo", "FileName", "Id", "Ids", "MAX_COUNT", "MAX_DATE", "MAX_ID", "MAX_NOTE",
    "EvidenceNote", "MIN_DATE", "form_field", "MoveId", "Money", "Name", "Note", "Pages", "paginated", "Percent", "Quantity", "Score", "Title", "Username", "Year",
    "month_bounded", "text",
]
