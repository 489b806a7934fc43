"""Public pages of 行政许可 (no login): the register of licences granted (许可法 §40)."""

from django.urls import path  # noqa: F401

app_name = "licensing_public"

urlpatterns: list = []  # type: ignore[type-arg]
