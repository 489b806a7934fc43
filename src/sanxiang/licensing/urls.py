"""Pages of the licensing app (staff and, where marked, public)."""

from django.urls import path  # noqa: F401

app_name = "licensing"

urlpatterns: list = []  # type: ignore[type-arg]
