"""Pages: approvals (see web/urls.py for how each part's urlpatterns are included)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
