"""The candidate lists per move with each person's explanation, and the departments' nominations (综合评选提报)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careerpath.accounts.models import Role
from careerpath.clock import today
from careerpath.cycles import services
from careerpath.cycles.models import Cycle, CycleState
from careerpath.cycles.screens import candidates_by_move, nomination_sheet, working_days_left
from careerpath.errors import Conflict, Forbidden, InvalidInput, NotFound
from careerpath.web.pages.cycle_common import READERS, load_cycle, require

NOMINATORS = frozenset({Role.MANAGER, Role.HR, Role.ADMIN})
MAX_REASON = 500


@login_required
def cycle_candidates(request: HttpRequest, year: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, READERS)
    move = request.GET.get("move", "")[:100]
    moves = candidates_by_move(user=request.user, cycle=cycle)
    shown = [m for m in moves if not move or m.id == move]
    return render(request, "web/cycle/candidates.html", {
        "cycle": cycle, "moves": moves, "shown": shown, "move": move,
        "total": sum(len(m.rows) for m in moves),
    })


@login_required
def nominations_current(request: HttpRequest) -> HttpResponse:
    """The navigation's 综合评选提报: the cycle now in its nomination period, else the list of past ones."""
    require(request, NOMINATORS)
    cycle = Cycle.objects.filter(state=CycleState.NOMINATING).order_by("-year").first()
    if cycle is not None:
        return redirect("web:cycle_nominations", year=cycle.year)
    return render(request, "web/cycle/nominations_none.html", {
        "cycles": Cycle.objects.order_by("-year")[:5]})


@login_required
def cycle_nominations(request: HttpRequest, year: int) -> HttpResponse:
    cycle, _roles = load_cycle(request, year, NOMINATORS)
    now = today()
    is_open = cycle.state == CycleState.NOMINATING and now <= cycle.nomination_deadline
    errors: dict[int, str] = {}
    general = ""
    status = 200
    posted: dict[int, tuple[bool, str]] = {}
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("提报期已结束或尚未开始，未作任何修改。"))
            return redirect("web:cycle_nominations", year=year)
        ids = _ids(request.POST.getlist("candidate"))
        nominate = [pk for pk in ids if request.POST.get(f"pick-{pk}") == "1"]
        left_out = {pk: request.POST.get(f"reason-{pk}", "").strip()[:MAX_REASON] for pk in ids if pk not in nominate}
        posted = {pk: (pk in nominate, left_out.get(pk, "")) for pk in ids}
        note = request.POST.get("note", "").strip()[:2000]
        try:
            changed = services.cycle_nominations_submit(actor=request.user, cycle=cycle, nominate=nominate,
                                                        left_out=left_out, note=note)
        except InvalidInput as exc:
            for pk in (exc.details or {}).get("candidate_ids", []):
                errors[pk] = _("请填写不提名的原因")
            general = exc.message
            status = 400
        except (Conflict, Forbidden, NotFound) as exc:
            general = exc.message
            status = exc.status if exc.status in (403, 404, 409) else 400
        else:
            messages.success(request, _("已保存：提名 %(n)s 人，不提名 %(o)s 人（均已写明原因）。") % {
                "n": len(nominate), "o": len(left_out)} if changed else _("已保存。"))
            return redirect("web:cycle_nominations", year=year)
    moves = nomination_sheet(user=request.user, cycle=cycle)
    for m in moves:
        for x in m.rows:
            picked, reason = posted.get(x.pk, (x.nominated, x.nomination_note if not x.nominated else ""))
            x.picked, x.reason, x.error = picked, reason, errors.get(x.pk, "")
    rows = [x for m in moves for x in m.rows]
    return render(request, "web/cycle/nominations.html", {
        "cycle": cycle, "moves": moves, "is_open": is_open, "general": general,
        "days_left": working_days_left(cycle=cycle, today=now),
        "n_rows": len(rows), "n_nominated": sum(1 for x in rows if x.nominated),
        "n_left_out": sum(1 for x in rows if not x.nominated and x.nomination_note),
        "n_open": sum(1 for x in rows if not x.nominated and not x.nomination_note),
    }, status=status)


def _ids(raw: list[str]) -> list[int]:
    out = []
    for v in raw:
        try:
            out.append(int(v))
        except ValueError:
            continue
    return list(dict.fromkeys(out))
