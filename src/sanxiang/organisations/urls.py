from django.urls import path

from sanxiang.organisations import views

app_name = "organisations"

urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<uuid:agency_id>/", views.agency_detail, name="agency_detail"),
    path("officers/<uuid:officer_id>/", views.officer_detail, name="officer_detail"),
    path("agencies/<uuid:agency_id>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<uuid:agency_id>/units/add/", views.unit_add, name="unit_add"),
    path("agencies/<uuid:agency_id>/officers/add/", views.officer_add, name="officer_add"),
    path(
        "officers/<uuid:officer_id>/certificates/add/",
        views.certificate_add,
        name="certificate_add",
    ),
    path(
        "certificates/<uuid:certificate_id>/status/",
        views.certificate_status,
        name="certificate_status",
    ),
]
