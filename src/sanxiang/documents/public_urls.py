from django.urls import path

from sanxiang.documents import public_views

app_name = "documents_public"

urlpatterns = [
    path("ca.pem", public_views.ca_certificate, name="ca"),
    path("<str:document_id>/", public_views.document_verify_page, name="document"),
]
