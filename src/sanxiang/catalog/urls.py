from django.urls import path

from sanxiang.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.CatalogIndexView.as_view(), name="index"),
    path("<uuid:agency_id>/", views.CatalogAgencyView.as_view(), name="agency"),
    path("<uuid:agency_id>/import/", views.CatalogImportView.as_view(), name="import"),
    path("<uuid:agency_id>/export.xlsx", views.CatalogExportView.as_view(), name="export"),
]
