from __future__ import annotations

from django.urls import path

from careerpath.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("employees/", views.employee_list, name="employee_list"),
    path("employees/<str:employee_no>/", views.employee_detail, name="employee_detail"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
]
