"""ASGI entry point; the WSGI one is faster under granian here (see STACK-NOTES)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpath.config.settings")

application = get_asgi_application()
