from django.urls import path

from sanxiang.legal_review import views

app_name = "legal_review"

urlpatterns = [
    path("", views.ReviewQueueView.as_view(), name="queue"),
]
