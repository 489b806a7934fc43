from django.urls import path

from sanxiang.organisations import views

app_name = "organisations"

urlpatterns = [
    path("agencies/<uuid:agency_id>/", views.agency_detail, name="agency_detail"),
]
