"""The 公示管理员's pages (login required), mounted at /disclosures/."""

from django.urls import path

from sanxiang.disclosure import views_staff

app_name = "disclosure_staff"

urlpatterns = [
    path("", views_staff.disclosure_list, name="list"),
    path("<uuid:disclosure_id>/", views_staff.disclosure_detail, name="detail"),
    path("<uuid:disclosure_id>/<slug:step>/", views_staff.disclosure_step, name="step"),
]
