"""Pages of the licensing app (staff): the queue, the counter application, a licence."""

from django.urls import path

from sanxiang.licensing import views

app_name = "licensing"

urlpatterns = [
    path("", views.LicensingHomeView.as_view(), name="home"),
    path("new/", views.LicenceApplyView.as_view(), name="new"),
    path("licences/<uuid:licence_id>/", views.LicenceDetailView.as_view(), name="licence"),
    path(
        "licences/<uuid:licence_id>/<slug:op>/",
        views.LicenceOperationView.as_view(),
        name="licence_operation",
    ),
]
