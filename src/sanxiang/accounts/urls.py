from django.urls import path

from sanxiang.accounts import admin_views, views

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
    path("admin/users/", admin_views.users_page, name="admin_users"),
    path("admin/roles/", admin_views.roles_page, name="admin_roles"),
    path(
        "admin/roles/<uuid:assignment_id>/revoke/",
        admin_views.role_revoke_page,
        name="admin_role_revoke",
    ),
    path("admin/unlock/", admin_views.unlock_page, name="admin_unlock"),
    path("admin/audit/", admin_views.audit_page, name="admin_audit"),
]
