"""Reads of employee voice: who a survey is for, what waits for an employee, and the suggestion box.

The results (aggregated and suppressed) are in ``voice.results``.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import employees_visible_to, user_roles
from careerpath.people.models import Employee, EmployeeStatus
from careerpath.people.selectors import (
    department_ancestor_ids,
    department_subtree_ids,
    positions_current_queryset,
)
from careerpath.voice.models import (
    Audience,
    Participation,
    Suggestion,
    SuggestionStatus,
    Survey,
    SurveyLevel,
    SurveyState,
)


def surveys_for_employee_queryset(*, employee: Employee, today: date) -> QuerySet[Survey]:
    """The open surveys ``employee`` is in the target group of (answered or not), in one statement."""
    if employee.status != EmployeeStatus.ACTIVE:
        return Survey.objects.none()
    my_level = positions_current_queryset().filter(employee_id=employee.pk).values("level")
    level_match = Exists(SurveyLevel.objects.filter(survey_id=OuterRef("pk"), level__in=my_level))
    dept_match = Exists(Survey.departments.through.objects.filter(
        survey_id=OuterRef("pk"), department_id__in=department_ancestor_ids(department_id=employee.department_id)))
    return (Survey.objects.filter(state=SurveyState.OPEN, opens_on__lte=today, closes_on__gte=today)
            .filter(Q(audience=Audience.COMPANY) | (Q(audience=Audience.DEPARTMENTS) & dept_match)
                    | (Q(audience=Audience.LEVELS) & level_match)))


def surveys_waiting_queryset(*, employee: Employee, today: date) -> QuerySet[Survey]:
    """Open surveys for ``employee`` they have not answered yet (the home page and the navigation count)."""
    done = Participation.objects.filter(survey_id=OuterRef("pk"), employee_id=employee.pk)
    return surveys_for_employee_queryset(employee=employee, today=today).filter(~Exists(done))


def survey_targets(*, survey: Survey, employee: Employee, today: date) -> bool:
    return surveys_for_employee_queryset(employee=employee, today=today).filter(pk=survey.pk).exists()


def survey_answered(*, survey: Survey, employee: Employee) -> bool:
    return Participation.objects.filter(survey=survey, employee=employee).exists()


def target_employees_queryset(*, survey: Survey) -> QuerySet[Employee]:
    """The active employees a survey is for (its response rate's denominator)."""
    qs = Employee.objects.filter(status=EmployeeStatus.ACTIVE)
    if survey.audience == Audience.DEPARTMENTS:
        ids: set[int] = set()
        for d in survey.departments.all():
            ids.update(department_subtree_ids(root_id=d.pk))
        qs = qs.filter(department_id__in=ids)
    elif survey.audience == Audience.LEVELS:
        levels = list(survey.target_levels.values_list("level", flat=True))
        qs = qs.filter(pk__in=positions_current_queryset().filter(level__in=levels).values("employee_id"))
    return qs


def surveys_list(*, state: str = "") -> QuerySet[Survey]:
    qs = Survey.objects.all()
    if state:
        qs = qs.filter(state=state)
    return qs


def survey_get(*, pk: int) -> Survey | None:
    return Survey.objects.filter(pk=pk).first()


# ---------------------------------------------------------------------------------------------------
# The suggestion box


def suggestions_list(*, status: str = "", category: str = "") -> QuerySet[Suggestion]:
    qs = Suggestion.objects.select_related("employee", "department")
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs


def suggestions_visible_to(*, user: AbstractBaseUser) -> QuerySet[Suggestion]:
    """HR and admin read every suggestion; a department manager the NAMED ones of the people in their scope
    (an anonymous suggestion has no department, so it never reaches a manager); anyone else none."""
    roles = user_roles(user=user)
    qs = Suggestion.objects.select_related("employee", "department")
    if roles & {Role.HR, Role.ADMIN}:
        return qs
    if Role.MANAGER in roles:
        return qs.filter(anonymous=False, employee__in=employees_visible_to(user=user))
    return qs.none()


def suggestions_waiting_queryset() -> QuerySet[Suggestion]:
    return Suggestion.objects.filter(status=SuggestionStatus.RECEIVED)


def suggestions_of(*, employee: Employee) -> QuerySet[Suggestion]:
    """The employee's named suggestions (an anonymous one is found only by its receipt code)."""
    return Suggestion.objects.filter(employee=employee, anonymous=False)
