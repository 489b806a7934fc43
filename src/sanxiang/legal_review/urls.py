from django.urls import path

from sanxiang.legal_review import views, views_stats

app_name = "legal_review"

urlpatterns = [
    path("", views.ReviewQueueView.as_view(), name="queue"),
    path("statistics/", views_stats.ReviewStatisticsView.as_view(), name="statistics"),
    path("policy/", views_stats.ReviewPolicyView.as_view(), name="policy"),
    path("cases/<uuid:object_id>/submit/", views.ReviewSubmitView.as_view(), name="submit"),
    path("submissions/<uuid:object_id>/assign/", views.ReviewAssignView.as_view(), name="assign"),
    path(
        "submissions/<uuid:object_id>/opinion/",
        views.ReviewOpinionView.as_view(),
        name="opinion",
    ),
    path("submissions/<uuid:object_id>/extend/", views.ReviewExtendView.as_view(), name="extend"),
    path(
        "submissions/<uuid:object_id>/external/",
        views.ExternalInviteView.as_view(),
        name="external_invite",
    ),
    path(
        "external/<uuid:object_id>/opinion/",
        views.ExternalOpinionView.as_view(),
        name="external_opinion",
    ),
    path(
        "opinions/<uuid:object_id>/dispute/",
        views.DisputeRaiseView.as_view(),
        name="dispute_raise",
    ),
    path(
        "disputes/<uuid:object_id>/resolve/",
        views.DisputeResolveView.as_view(),
        name="dispute_resolve",
    ),
]
