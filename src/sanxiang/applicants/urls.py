"""Pages of the applicants app, mounted at /applicant/ (the public self-service portal).

`officer/…` is the one staff page (issuing a 网上办理码 from the case page).
"""

from django.urls import path

from sanxiang.applicants import views, views_matters, views_staff

app_name = "applicants"

urlpatterns = [
    path("", views.home_page, name="home"),
    path("register/", views.register_page, name="register"),
    path("login/", views.ApplicantLoginView.as_view(), name="login"),
    path("logout/", views.logout_page, name="logout"),
    path("consent/", views.consent_page, name="consent"),
    path("link/", views.claim_page, name="claim"),
    path("token/", views.token_page, name="token"),
    path("apply/", views_matters.apply_choose_page, name="apply_choose"),
    path("apply/<uuid:agency_id>/<str:code>/", views_matters.apply_page, name="apply"),
    path("matters/<uuid:case_id>/", views_matters.matter_page, name="matter"),
    path(
        "matters/<uuid:case_id>/documents/<uuid:document_id>.pdf",
        views_matters.document_pdf,
        name="document_pdf",
    ),
    path(
        "matters/<uuid:case_id>/files/<uuid:item_id>/",
        views_matters.upload_file,
        name="upload_file",
    ),
    path(
        "officer/cases/<uuid:case_id>/party-code/",
        views_staff.party_code_issue_page,
        name="party_code_issue",
    ),
]
