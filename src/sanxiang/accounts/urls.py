from django.urls import path

from sanxiang.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SanxiangLoginView.as_view(), name="login"),
    path("logout/", views.SanxiangLogoutView.as_view(), name="logout"),
    path("home/", views.HomeView.as_view(), name="home"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path(
        "profile/tokens/<uuid:token_id>/revoke/",
        views.TokenRevokeView.as_view(),
        name="token_revoke",
    ),
]
