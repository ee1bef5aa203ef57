"""django-tasks-db's real worker, run in the test's own process until the queue is empty."""

from unittest.mock import patch

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def run_worker() -> None:
    """The worker closes the database connection between tasks, which would end the test's
    transaction: not here."""
    with patch.object(db_worker, "close_old_connections", lambda: None):
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
