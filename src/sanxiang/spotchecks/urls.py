"""Pages of the spotchecks app (staff and, where marked, public)."""

from django.urls import path  # noqa: F401

app_name = "spotchecks"

urlpatterns: list = []  # type: ignore[type-arg]
