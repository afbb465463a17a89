"""政策版本: the list with the active one marked, effective dates and who published; one version read-only."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from careerpath.policy_versions.models import PolicyVersion
from careerpath.policy_versions.services import (
    policy_version_create,
    policy_version_install_preset,
    policy_version_publish,
)
from tests.web.data_fixtures import *  # noqa: F403 - the fixtures
from tests.web.data_fixtures import as_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions(hr):  # noqa: ANN001, ANN201
    """The installed preset (retired from active), a version HR published, and a draft."""
    first = PolicyVersion.objects.filter(is_active=True).first() or policy_version_install_preset(
        actor=None, name="logistics-dual-track", published_on=date(2026, 1, 1))
    text = first.yaml_text.replace(f'version: "{first.version}"', 'version: "2027.1"', 1)
    active = policy_version_publish(actor=hr, version=policy_version_create(actor=hr, yaml_text=text),
                                    published_on=date(2027, 1, 1), consultation_note="2026年职代会通过",
                                    announcement_note="内网公示 2026-12-01 至 12-08")
    draft = policy_version_create(actor=hr, yaml_text=text.replace('version: "2027.1"', 'version: "2028-draft"'))
    return active, draft


def test_the_list_marks_the_active_version_with_its_date_and_publisher(client, hr, versions,
                                                                       django_assert_max_num_queries):
    active, draft = versions
    as_user(client, hr)
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:policy_versions")).content.decode()
    row = re.search(rf'data-testid="version-{active.pk}".*?</tr>', html, re.S).group(0)
    assert 'data-testid="active-badge"' in row and "2027年1月1日" in row and "hr1" in row
    draft_row = re.search(rf'data-testid="version-{draft.pk}".*?</tr>', html, re.S).group(0)
    assert "草稿" in draft_row and 'data-testid="active-badge"' not in draft_row
    assert html.index(f"version-{active.pk}") < html.index(f"version-{draft.pk}")


def test_the_detail_shows_the_yaml_and_the_notes_read_only(client, hr, versions, django_assert_max_num_queries):
    active, _draft = versions
    as_user(client, hr)
    with django_assert_max_num_queries(29):
        html = client.get(reverse("web:policy_version_detail", args=[active.pk])).content.decode()
    assert 'data-testid="yaml"' in html and "<textarea" not in html
    assert active.consultation_note in html


def test_the_editor_link_shows_only_when_that_page_exists(client, hr, versions):
    from careerpath.web.links import url_or_none

    as_user(client, hr)
    html = client.get(reverse("web:policy_versions")).content.decode()
    assert ('data-testid="policy-editor"' in html) == (url_or_none("web:policy_editor") is not None)


def test_a_missing_version_is_404_and_others_get_403(client, hr, agent, versions):
    as_user(client, hr)
    assert client.get(reverse("web:policy_version_detail", args=[PolicyVersion.objects.count() + 99])).status_code == 404
    as_user(client, agent)
    assert client.get(reverse("web:policy_versions")).status_code == 403
    assert client.get(reverse("web:policy_version_detail", args=[versions[0].pk])).status_code == 403


def test_the_english_list_speaks_english(client, hr, versions):
    as_user(client, hr)
    html = client.get(reverse("web:policy_versions") + "?lang=en").content.decode()
    main = re.sub(r"<[^>]+>", " ", html[html.index("<main"):])
    for pv in versions:
        main = main.replace(pv.name, "")
    assert "Policy versions" in main
    assert not re.search(r"[\u4e00-\u9fff]", main), re.findall(r".{20}[\u4e00-\u9fff]+.{20}", main)[:5]
