"""Public pages of 双随机一公开 (no login): draw records and results."""

from django.urls import path  # noqa: F401

app_name = "spotchecks_public"

urlpatterns: list = []  # type: ignore[type-arg]
