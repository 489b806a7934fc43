"""Officers' 执法文书 pages under /documents/ (login required; scoped by the selectors)."""

from django.urls import path

from sanxiang.documents import views

app_name = "documents"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.CaseDocumentsView.as_view(), name="case"),
    path("cases/<uuid:case_id>/onsite/", views.OnsiteRecordView.as_view(), name="onsite"),
    path(
        "cases/<uuid:case_id>/casefile.pdf",
        views.CasefilePdfView.as_view(),
        name="casefile-pdf",
    ),
    path(
        "cases/<uuid:case_id>/casefile.zip",
        views.CasefileExportView.as_view(),
        name="casefile-zip",
    ),
    path("<uuid:document_id>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<uuid:document_id>/pdf", views.DocumentPdfView.as_view(), name="pdf"),
    path("<uuid:document_id>/docx", views.DocumentDocxView.as_view(), name="docx"),
]
