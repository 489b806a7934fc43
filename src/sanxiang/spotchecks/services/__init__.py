"""The one write path of the spotchecks app: every change is one of these functions."""

from sanxiang.spotchecks.services.alerts import alert_config_set, alerts_check_entity, alerts_scan
from sanxiang.spotchecks.services.draws import draw_entropy_record, draw_inputs_publish, draw_run
from sanxiang.spotchecks.services.opening import draw_assignments_open
from sanxiang.spotchecks.services.registry import (
    entities_import,
    entity_create,
    entity_update,
    inspector_pool_refresh,
    relation_declare,
)
from sanxiang.spotchecks.services.results import task_results_publish
from sanxiang.spotchecks.services.tasks import task_approve, task_create

__all__ = [
    "alert_config_set",
    "alerts_check_entity",
    "alerts_scan",
    "draw_assignments_open",
    "draw_entropy_record",
    "draw_inputs_publish",
    "draw_run",
    "entities_import",
    "entity_create",
    "entity_update",
    "inspector_pool_refresh",
    "relation_declare",
    "task_approve",
    "task_create",
    "task_results_publish",
]
