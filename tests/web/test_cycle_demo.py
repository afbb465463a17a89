"""The demo leaves work waiting on the cycle's pages: the manager nominates this year, the committee decides
last year's cycle, the VP approves the one before."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from careerpath.cycles.models import Cycle

pytestmark = pytest.mark.django_db


def test_each_role_finds_a_cycle_waiting_for_it(client, capsys):
    call_command("demo", "--no-serve", "--employees", "120", "--as-of", "2026-12-02")
    states = dict(Cycle.objects.values_list("year", "state"))
    assert states == {2026: "nominating", 2025: "scoring", 2024: "committee"}, capsys.readouterr().out
    users = get_user_model().objects
    for who, key in (("manager", "cycle_nominate"), ("committee", "cycle_scoring"), ("vp", "cycle_approval")):
        client.force_login(users.get(username=who))
        html = client.get("/", follow=True).content.decode()
        assert re.search(rf'data-testid="nav-count-{key}">[1-9]', html), who
    client.force_login(users.get(username="committee"))
    html = client.get("/cycles/2025/scoring/").content.decode()
    assert 'data-testid="do-accept"' in html  # undecided candidates are left for the committee
