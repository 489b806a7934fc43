from django.urls import include, path

from sanxiang.config.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("accounts/", include("sanxiang.accounts.urls")),
    path("verify/", include("sanxiang.ledger.urls")),
    path("manage/", include("sanxiang.organisations.urls")),
    path("manage/catalog/", include("sanxiang.catalog.urls")),
    path("", include("sanxiang.disclosure.urls")),
]
