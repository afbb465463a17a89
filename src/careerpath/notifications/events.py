"""The notification events: one registry of what can happen, who it is for, and where it goes by default.

``personal`` events concern one person (an application step, an evidence decision, a probation review)
and reach that person only — in-app always, by email when they want it. ``department`` events are news for
a whole department (a published 公示, a new training session, an award): besides the people told, they may
be relayed to the department's group robots that HR set up for that event. A personal event is never
relayed to a group, whatever a robot's configuration says.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

PERSONAL = "personal"
DEPARTMENT = "department"


@dataclass(frozen=True)
class Event:
    key: str
    label: object  # a lazy translation: 中文 msgid, English in the notifications locale part
    scope: str  # PERSONAL or DEPARTMENT
    email: bool  # by email unless the person turns it off

    @property
    def relayable(self) -> bool:
        return self.scope == DEPARTMENT


EVENTS: dict[str, Event] = {e.key: e for e in (
    Event("application", _("晋升申请与评审"), PERSONAL, True),
    Event("evidence", _("业绩证据确认"), PERSONAL, True),
    Event("cycle", _("评选批次结果"), PERSONAL, True),
    Event("talent", _("人才储备与内部竞聘"), PERSONAL, True),
    Event("notice", _("晋升公示"), DEPARTMENT, True),
    Event("training", _("培训"), DEPARTMENT, False),
    Event("mentoring", _("导师带教"), PERSONAL, False),
    Event("recognition", _("表彰与奖励"), DEPARTMENT, False),
    Event("voice", _("员工之声"), PERSONAL, False),
    Event("probation", _("试用期与转正"), PERSONAL, True),
    Event("general", _("其他通知"), PERSONAL, False),
)}

RELAYABLE = tuple(k for k, e in EVENTS.items() if e.relayable)


def event_of(key: str) -> Event:
    """The event ``key`` names; an unknown key is a programming error, caught by the tests of every caller."""
    try:
        return EVENTS[key]
    except KeyError:
        raise ValueError(f"unknown notification event {key!r}; add it to careerpath.notifications.events") from None
