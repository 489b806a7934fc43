"""Pages of the applicants app (staff and, where marked, public)."""

from django.urls import path  # noqa: F401

app_name = "applicants"

urlpatterns: list = []  # type: ignore[type-arg]
