"""Staff pages of the spotchecks app (login required), mounted at /spot-checks/."""

from django.urls import path

from sanxiang.spotchecks import views

app_name = "spotchecks"

urlpatterns = [
    path("", views.home, name="home"),
    path("entities/", views.entities, name="entities"),
    path("entities/import/", views.entities_import, name="entities_import"),
    path("entities/<uuid:entity_id>/edit/", views.entity_edit, name="entity_edit"),
    path("inspectors/", views.inspectors, name="inspectors"),
    path("relations/", views.relations, name="relations"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<uuid:task_id>/", views.task_detail, name="task"),
    path("tasks/<uuid:task_id>/<slug:action>/", views.task_action, name="task_action"),
    path("alerts/", views.alerts, name="alerts"),
]
