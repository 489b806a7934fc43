"""The 公示管理员's pages (login required), mounted at /disclosures/."""

from django.urls import path

from sanxiang.disclosure import views_policy, views_staff
from sanxiang.disclosure.annual import views_staff as annual

R = "annual-reports/<uuid:report_id>/"

app_name = "disclosure_staff"

urlpatterns = [
    path("", views_staff.disclosure_list, name="list"),
    path("policy/", views_policy.disclosure_policy, name="policy"),
    path("annual-reports/", annual.annual_report_list, name="annual_reports"),
    path(
        "annual-reports/generate/",
        annual.annual_report_generate_view,
        name="annual_report_generate",
    ),
    path(R, annual.annual_report_detail, name="annual_report"),
    path(R + "publish/", annual.annual_report_publish_view, name="annual_report_publish"),
    path(R + "report.<slug:fmt>", annual.annual_report_file, name="annual_report_file"),
    path("<uuid:disclosure_id>/", views_staff.disclosure_detail, name="detail"),
    path("<uuid:disclosure_id>/<slug:step>/", views_staff.disclosure_step, name="step"),
]
