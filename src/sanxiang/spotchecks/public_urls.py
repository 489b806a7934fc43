"""Public pages of 双随机一公开 (no login): draw records and results."""

from django.urls import path

from sanxiang.spotchecks import public_views

app_name = "spotchecks_public"

urlpatterns = [
    path("", public_views.public_draw_list, name="list"),
    path("<uuid:draw_id>/", public_views.public_draw_detail, name="detail"),
    path("<uuid:draw_id>/verify/", public_views.public_draw_verify, name="verify"),
]
