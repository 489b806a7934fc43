from django.urls import include, path

from sanxiang.config.api import api

urlpatterns = [
    path("api/v1/uploads/", include("sanxiang.evidence.tus_urls")),  # tus, not ninja
    path("api/v1/", api.urls),
    path("accounts/", include("sanxiang.accounts.urls")),
    path("verify/documents/", include("sanxiang.documents.public_urls")),
    path("verify/", include("sanxiang.ledger.urls")),
    path("documents/", include("sanxiang.documents.urls")),
    path("manage/", include("sanxiang.organisations.urls")),
    path("manage/catalog/", include("sanxiang.catalog.urls")),
    path("evidence/", include("sanxiang.evidence.urls")),
    path("cases/", include("sanxiang.cases.urls")),
    path("disclosures/", include("sanxiang.disclosure.staff_urls")),
    path("legal-review/", include("sanxiang.legal_review.urls")),
    path("outbound/", include("sanxiang.outbound.urls")),
    path("licensing/", include("sanxiang.licensing.urls")),
    path("licences/", include("sanxiang.licensing.public_urls")),
    path("inspections/", include("sanxiang.inspections.urls")),
    path("spot-checks/", include("sanxiang.spotchecks.urls")),
    path("random-checks/", include("sanxiang.spotchecks.public_urls")),
    path("applicant/", include("sanxiang.applicants.urls")),
    path("", include("sanxiang.disclosure.urls")),
]
