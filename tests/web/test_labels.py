"""Codes become labels in the reader's language; dates take the local form (careerpath.labels)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.timezone import make_aware

from careerpath.labels import code_label, date_label


@pytest.mark.parametrize(
    ("kind", "code", "zh", "en"),
    [
        ("state", "supervisor_reviewed", "待部门经理复审", "Awaiting manager review"),
        ("level", "senior", "高级客服专员", None),
        ("leave_type", "事假", "事假", "Personal leave"),
        ("incident_type", "重大投诉", "重大投诉", "Major complaint"),
        ("praise_source", "internal", "内部", "Internal"),
        ("move_type", "lateral", "横向调整", "Lateral move"),
    ],
)
def test_it_labels_codes_in_both_languages(db, kind, code, zh, en):
    assert code_label(kind, code, lang="zh") == zh
    english = code_label(kind, code, lang="en")
    assert english != code if en is None else english == en


def test_an_unknown_code_comes_back_as_itself_and_an_unknown_kind_is_an_error(db):
    assert code_label("level", "no_such_level", lang="zh") == "no_such_level"
    assert code_label("state", "no_such_state", lang="en") == "no_such_state"
    with pytest.raises(KeyError):
        code_label("colour", "red")


def test_dates_take_the_chinese_form_in_chinese_and_the_english_form_in_english():
    assert date_label(date(2027, 3, 1), lang="zh") == "2027年3月1日"
    assert date_label(date(2027, 3, 1), lang="en") == "1 Mar 2027"
    moment = make_aware(datetime(2027, 3, 1, 14, 5))  # noqa: DTZ001 - made aware in the project's zone
    assert date_label(moment, lang="zh", with_time=True) == "2027年3月1日 14:05"


def test_the_template_filters_use_the_active_language(db):
    tpl = Template('{% load cp %}{{ d|cpdate }} {{ s|label:"state" }} {% status_badge s %}')
    with translation.override("en"):
        html = tpl.render(Context({"d": date(2027, 1, 2), "s": "rejected"}))
    assert "2 Jan 2027" in html and "Rejected" in html and "✗" in html
    with translation.override("zh-hans"):
        html = tpl.render(Context({"d": date(2027, 1, 2), "s": "rejected"}))
    assert "2027年1月2日" in html and "已驳回" in html


def test_labels_ask_for_the_active_policy_once_per_request(db, django_assert_max_num_queries):
    from careerpath.labels import request_scope

    with django_assert_max_num_queries(1), request_scope():
        names = {code_label("level", c, lang="zh") for c in ("junior", "intermediate", "senior", "expert")}
    assert len(names) == 4
