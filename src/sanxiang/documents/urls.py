"""Officers' 执法文书 pages under /documents/ (login required; scoped by the selectors)."""

from django.urls import path

from sanxiang.documents import views, views_templates

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
    path("templates/", views_templates.TemplateListView.as_view(), name="templates"),
    path(
        "templates/versions/<uuid:template_id>.docx",
        views_templates.TemplateVersionDocxView.as_view(),
        name="template-version",
    ),
    path("templates/<str:kind>/", views_templates.TemplateKindView.as_view(), name="template-kind"),
    path(
        "templates/<str:kind>/default.docx",
        views_templates.TemplateDefaultDocxView.as_view(),
        name="template-default",
    ),
    path("serial-books/", views_templates.SerialBookView.as_view(), name="serial-books"),
    path("<uuid:document_id>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<uuid:document_id>/pdf", views.DocumentPdfView.as_view(), name="pdf"),
    path("<uuid:document_id>/docx", views.DocumentDocxView.as_view(), name="docx"),
]
