"""Two draw runs at once make one draw: the second waits for the first and is refused."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection

from sanxiang.core.errors import RuleViolation
from sanxiang.spotchecks.models import Assignment, Draw
from sanxiang.spotchecks.services import draw_entropy_record, draw_inputs_publish, draw_run
from sanxiang.spotchecks.tests.factories import (
    ENTROPY_SOURCES,
    ENTROPY_VALUES,
    LATER,
    NOW,
    add_entities,
    approved_task,
    make_spot_world,
)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_draw_runs_make_one_draw():
    sw = make_spot_world()
    add_entities(sw.lead, 5)
    task = approved_task(sw)
    head = sw.lead.agency_head
    draw_inputs_publish(
        user=head, task_id=task.pk, data={"entropy_sources": ENTROPY_SOURCES}, now=NOW
    )
    draw_entropy_record(user=head, task_id=task.pk, data={"values": ENTROPY_VALUES}, now=LATER)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            draw_run(user=head, task_id=task.pk, now=LATER)
            outcomes.append("drawn")
        except RuleViolation as exc:
            outcomes.append(exc.code)
        except OperationalError:
            # The in-memory SQLite test database (shared cache) refuses the second writer with
            # "table is locked" instead of waiting; PostgreSQL waits on the row lock and refuses.
            outcomes.append("draw_already_run")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["draw_already_run", "drawn"]
    assert Assignment.objects.filter(task=task).count() == 3
    assert Draw.objects.get(task=task).drawn_at is not None
