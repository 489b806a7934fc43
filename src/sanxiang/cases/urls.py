from django.urls import path

from sanxiang.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="list"),
    path("new/", views.LeadRegisterView.as_view(), name="register"),
    path("<uuid:case_id>/", views.CaseDetailView.as_view(), name="detail"),
    path(
        "<uuid:case_id>/actions/<slug:action>/",
        views.CaseActionView.as_view(),
        name="action",
    ),
    path("<uuid:case_id>/panels/<slug:key>/", views.CasePanelView.as_view(), name="panel"),
]
