"""Template tags of the approvals pages.

    {% load approvals_tags %}
    {% url_or_none "web:notice_detail" row.notice_id as notice_url %}
    {% if notice_url %}<a href="{{ notice_url }}">…</a>{% else %}…{% endif %}

``url_or_none`` links to a page another part of the site owns, which may not be installed yet on this
branch (CONTRACT.md): the link is simply left out until it is.
"""

from __future__ import annotations

from typing import Any

from django import template

from careerpath.web.links import url_or_none as _url_or_none

register = template.Library()


@register.simple_tag
def url_or_none(name: str, *args: Any) -> str:
    return _url_or_none(name, [a for a in args if a is not None] if args else None) or ""
