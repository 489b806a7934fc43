from django.urls import path

from sanxiang.organisations import views

app_name = "organisations"

urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<uuid:agency_id>/", views.agency_detail, name="agency_detail"),
    path("officers/<uuid:officer_id>/", views.officer_detail, name="officer_detail"),
]
