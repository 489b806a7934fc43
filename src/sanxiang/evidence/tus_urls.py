"""Mounted at /api/v1/uploads/ (before the ninja API, which owns the rest of /api/v1/)."""

from django.urls import path

from sanxiang.evidence.tus import TusView

app_name = "evidence_tus"

urlpatterns = [
    path("", TusView.as_view(), name="collection"),
    path("<uuid:upload_id>", TusView.as_view(), name="upload"),
]
