"""Pages of the inspections app (staff; `plans/public/` is the public 事前公开 list, no login)."""

from django.urls import path

from sanxiang.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionBoardView.as_view(), name="list"),
    path("open/", views.InspectionOpenView.as_view(), name="open"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_new"),
    path("plans/public/", views.PublicPlansView.as_view(), name="plans_public"),
    path("plans/<uuid:plan_id>/", views.PlanDetailView.as_view(), name="plan"),
    path("plans/<uuid:plan_id>/approve/", views.PlanApproveView.as_view(), name="plan_approve"),
    path("plans/<uuid:plan_id>/publish/", views.PlanPublishView.as_view(), name="plan_publish"),
]
