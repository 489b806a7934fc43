from django.urls import path

from sanxiang.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.home, name="home"),
]
