from django.urls import path

from sanxiang.accounts import admin_views, calendar_views, views

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
    path("admin/calendar/", calendar_views.calendar_page, name="admin_calendar"),
    path(
        "admin/calendar/<int:year>/",
        calendar_views.calendar_year_page,
        name="admin_calendar_year",
    ),
    path(
        "admin/calendar/days/<uuid:day_id>/change/",
        calendar_views.calendar_day_change_page,
        name="admin_calendar_day_change",
    ),
    path(
        "admin/calendar/days/<uuid:day_id>/remove/",
        calendar_views.calendar_day_remove_page,
        name="admin_calendar_day_remove",
    ),
]
