"""The public 事前公开 portal, mounted at the site root. Every URL here is in PUBLIC_URLS."""

from django.urls import path

from sanxiang.disclosure import views, views_portal
from sanxiang.disclosure.annual import views_public as annual

app_name = "disclosure"

A = "agencies/<uuid:agency_id>/"

urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("flowchart/", views.flowchart, name="flowchart"),
    path("decisions/", views_portal.decisions, name="decisions"),
    path("decisions/feed.atom", views_portal.decisions_feed, name="decisions_feed"),
    path(
        "decisions/download.<slug:fmt>",
        views_portal.decisions_download,
        name="decisions_download",
    ),
    path("decisions/<uuid:disclosure_id>/", views_portal.decision_detail, name="decision"),
    path("annual-reports/", annual.annual_reports, name="annual_reports"),
    path(
        "annual-reports/<uuid:report_id>/report.<slug:fmt>",
        annual.annual_report_file,
        name="annual_report_file",
    ),
    path(A, views.agency_detail, name="agency"),
    path(A + "officers/", views.officers, name="officers"),
    path(A + "items/", views.items, name="items"),
    path(A + "items/<str:code>/", views.item_detail, name="item"),
    path(A + "items/<str:code>/v<int:version>/", views.item_detail, name="item_version"),
    path(A + "benchmarks/", views.benchmarks, name="benchmarks"),
    path(A + "spot-checks/", views.spot_checks, name="spot_checks"),
    path(A + "guides/", views.guides, name="guides"),
    path(A + "guides/<str:code>/", views.guide_detail, name="guide"),
    path(A + "recordings/", views.recordings, name="recordings"),
    path(A + "major-decisions/", views.major_decisions, name="major_decisions"),
    path(A + "hearing-thresholds/", views.hearing_thresholds, name="hearing_thresholds"),
    path(A + "flowchart/", views.agency_flowchart, name="agency_flowchart"),
    path(A + "remedies/", views.remedies, name="remedies"),
    path(A + "download/<slug:kind>.<slug:fmt>", views.download, name="download"),
]
