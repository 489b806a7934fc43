"""Public pages of 行政许可 (no login): the register of licences granted (许可法 §40)."""

from django.urls import path

from sanxiang.licensing import views

app_name = "licensing_public"

urlpatterns = [
    path("", views.PublicLicenceRegisterView.as_view(), name="register"),
]
