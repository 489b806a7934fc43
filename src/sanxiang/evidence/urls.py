from django.urls import path

from sanxiang.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<uuid:item_id>/", views.item_detail, name="detail"),
    path("<uuid:item_id>/stream", views.item_stream, name="stream"),
    path("<uuid:item_id>/download", views.item_download, name="download"),
    path("<uuid:item_id>/thumbnail", views.item_thumbnail, name="thumbnail"),
]
