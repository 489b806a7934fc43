from django.urls import path

from sanxiang.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.verify_page, name="verify"),
]
