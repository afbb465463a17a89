"""The English interface outside the web pages: the admin's names, headers and labels, and every model's
verbose names and choice labels, read in English; and the compiled catalog is the one its part files build.

Data stays as entered (employee and department names are Chinese), so the pages are checked only where the
interface speaks: the app list, table headers, filter titles, form labels and section headings.
"""

from __future__ import annotations

import gettext
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation

import careerpath

CJK = re.compile(r"[\u4e00-\u9fff]")
LOCALE_EN = Path(careerpath.__file__).parent / "web" / "locale" / "en"
OUR_APPS = [c for c in apps.get_app_configs() if c.name.startswith("careerpath.")]


class _Texts(HTMLParser):
    """Collects the text of each element, with the chain of its ancestors' tags, ids and classes."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: list[tuple[tuple[tuple[str, dict[str, str]], ...], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):  # tolerate unclosed elements (<p>, <li>)
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((tuple(self.stack), data.strip()))


def _inside(chain: tuple[tuple[str, dict[str, str]], ...], tag: str, **attrs: str) -> bool:
    for t, a in chain:
        if t == tag and all(v in a.get(k.rstrip("_"), "").split() or a.get(k.rstrip("_")) == v
                            for k, v in attrs.items()):
            return True
    return False


def _interface_texts(html: str) -> list[str]:
    """The texts of the page that are interface, never data: the title and headings, app and model names,
    table headers, filter titles, section headings, form labels and help texts, buttons."""
    parser = _Texts()
    parser.feed(html)
    out = []
    for chain, text in parser.texts:
        if _inside(chain, "title"):
            # "<object> | Change employee | <site>": the object's name (a person's) is data.
            out.extend(text.split(" | ")[-2:])
            continue
        in_filter = _inside(chain, "nav", id="changelist-filter")
        if (_inside(chain, "h1") or _inside(chain, "caption") or _inside(chain, "thead")
                or _inside(chain, "label") or _inside(chain, "button") or _inside(chain, "div", class_="help")
                or _inside(chain, "h2", class_="fieldset-heading") or _inside(chain, "h2", class_="inline-heading")
                or (in_filter and (_inside(chain, "h2") or _inside(chain, "summary")))
                or (_inside(chain, "th", scope="row") and not _inside(chain, "table", id="result_list"))):
            out.append(text)
    return out


def _chinese(texts: list[str]) -> list[str]:
    return sorted({t for t in texts if CJK.search(t)})


@pytest.fixture
def english_admin(db) -> Client:  # noqa: ANN001
    su = get_user_model().objects.create_superuser("root-en", password="pw-12345")
    client = Client()
    client.force_login(su)
    client.cookies["careerpath_language"] = "en"
    return client


def _registered() -> list[type]:
    return sorted((m for m in admin.site._registry if m.__module__.startswith("careerpath.")),
                  key=lambda m: m._meta.label)


def test_the_admin_index_names_every_app_and_model_in_english(english_admin: Client) -> None:
    res = english_admin.get("/admin/?lang=en")
    assert res.status_code == 200 and res["Content-Language"] == "en"
    html = res.content.decode()
    texts = _interface_texts(html)
    assert _chinese(texts) == []
    # The checked parts are really there: the app list captions and the model rows.
    assert {"People", "Promotion evidence", "Employees", "Promotion applications", "Data management"} <= set(texts)
    for model in _registered():
        assert str(model._meta.verbose_name_plural) in texts, model


def test_every_change_list_and_some_change_pages_read_in_english(english_admin: Client) -> None:
    # The demo company fills every list (its names, departments and notes are Chinese, as entered).
    call_command("demo", "--no-serve", "--employees", "40", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from careerpath.discipline.models import DemotionCase
    from careerpath.people.models import Employee
    from careerpath.promotions.models import Application

    problems = {}
    checked_headers = 0
    for model in _registered():
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        res = english_admin.get(url)
        assert res.status_code == 200, url
        html = res.content.decode()
        checked_headers += html.count('scope="col"')
        if bad := _chinese(_interface_texts(html)):
            problems[url] = bad
    assert checked_headers > 100  # the lists had rows, so their column headers were rendered and checked

    for url in [f"/admin/people/employee/{Employee.objects.order_by('pk').first().pk}/change/",
                f"/admin/discipline/demotioncase/{DemotionCase.objects.order_by('pk').first().pk}/change/",
                f"/admin/promotions/application/{Application.objects.order_by('pk').first().pk}/change/",
                "/admin/evidence/incident/add/", "/admin/org/headcountplan/add/"]:
        res = english_admin.get(url)
        assert res.status_code == 200, url
        if bad := _chinese(_interface_texts(res.content.decode())):
            problems[url] = bad
    assert problems == {}

    # Choice filters show the labels of the choices, in English.
    page = english_admin.get("/admin/promotions/application/").content.decode()
    assert "Awaiting supervisor review" in page and "Individual application" in page
    page = english_admin.get("/admin/evidence/incident/").content.decode()
    filters = page[page.index('id="changelist-filter"'):]
    assert "Red-line violation" in filters and "触犯高压线</a>" not in filters


def test_models_name_themselves_and_their_choices_in_english() -> None:
    problems = []
    with translation.override("en"):
        for config in OUR_APPS:
            if CJK.search(str(config.verbose_name)):
                problems.append(f"app {config.name}: {config.verbose_name}")
            for model in config.get_models():
                opts = model._meta
                for what in ("verbose_name", "verbose_name_plural"):
                    if CJK.search(str(getattr(opts, what))):
                        problems.append(f"{opts.label}.{what}: {getattr(opts, what)}")
                for field in opts.get_fields():
                    if not hasattr(field, "verbose_name"):
                        continue  # reverse relations
                    for text in (field.verbose_name, getattr(field, "help_text", "")):
                        if CJK.search(str(text)):
                            problems.append(f"{opts.label}.{field.name}: {text}")
                    for _value, label in getattr(field, "flatchoices", None) or []:
                        if CJK.search(str(label)):
                            problems.append(f"{opts.label}.{field.name} choice: {label}")
    assert problems == []


def test_chinese_stays_the_default() -> None:
    from careerpath.discipline.models import DemotionCase
    from careerpath.promotions.models import ApplicationState

    with translation.override("zh-hans"):
        assert str(apps.get_app_config("people").verbose_name) == "人员"
        assert str(ApplicationState.DRAFT.label) == "草稿"
        assert str(DemotionCase._meta.verbose_name_plural) == "降级案件"
    with translation.override("en"):
        assert str(ApplicationState.DRAFT.label) == "Draft"
        assert str(DemotionCase._meta.verbose_name_plural) == "Demotion cases"


def _catalog(mo: Path) -> dict:
    with mo.open("rb") as f:
        return dict(gettext.GNUTranslations(f)._catalog)  # type: ignore[attr-defined]


@pytest.mark.skipif(not (shutil.which("msgcat") and shutil.which("msgfmt")), reason="GNU gettext is not installed")
def test_the_compiled_catalog_is_built_from_the_part_files(tmp_path: Path) -> None:
    from careerpath.web.catalog import catalog_build, catalog_parts

    assert catalog_parts(), "no part files"
    # The same steps as `make messages`.
    merged = catalog_build(tmp_path)
    compiled = tmp_path / "django.mo"
    built, shipped = _catalog(compiled), _catalog(LOCALE_EN / "LC_MESSAGES" / "django.mo")
    missing = sorted(str(k) for k in built.keys() - shipped.keys())
    stale = sorted(str(k) for k in shipped.keys() - built.keys())
    changed = sorted(str(k) for k in built.keys() & shipped.keys() if built[k] != shipped[k])
    assert (missing, stale, changed) == ([], [], []), "run `make messages` and commit the built catalog"
    assert (LOCALE_EN / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8") == merged.read_text(encoding="utf-8")
