from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from careerpath.api.api import api

admin.site.site_header = _("客服晋升通道 管理后台")
admin.site.site_title = _("careerpath 管理后台")
admin.site.index_title = _("数据管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("careerpath.web.urls")),
]
