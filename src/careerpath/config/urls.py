from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from careerpath.api.api import api

admin.site.site_header = _("客服晋升通道 管理后台")
admin.site.site_title = _("careerpath 管理后台")
admin.site.index_title = _("数据管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Named before the include: the admin app ships templates under the same registration/ names and
    # comes first in INSTALLED_APPS, so the site's own look is chosen here explicitly.
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(
        template_name="web/password_change_form.html"), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name="web/password_change_done.html"), name="password_change_done"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("careerpath.web.urls")),
]

# No traceback or debug page ever reaches a person: these render the product's own pages.
handler403 = "careerpath.web.views.error_403"
handler404 = "careerpath.web.views.error_404"
handler500 = "careerpath.web.views.error_500"
