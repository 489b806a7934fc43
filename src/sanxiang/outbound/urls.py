from django.urls import path

from sanxiang.outbound import views

app_name = "outbound"

urlpatterns = [
    path("", views.delivery_log, name="log"),
    path("messages/<uuid:message_id>/", views.message_detail, name="message"),
    path("messages/<uuid:message_id>/retry", views.message_retry_view, name="message_retry"),
    path("targets/", views.target_list, name="targets"),
    path("targets/add/", views.target_add, name="target_add"),
    path("targets/<uuid:target_id>/edit/", views.target_edit, name="target_edit"),
    path("keys/<slug:key_name>.pem", views.public_key, name="public_key"),
]
