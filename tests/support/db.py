from contextlib import contextmanager

from django.db import connections


@contextmanager
def committed(django_db_blocker):
    """Database access outside any test transaction: what is written here is committed at once and
    seen by other processes and threads (a Celery worker, the live server).

    The connection is closed on the way out: after Playwright's greenlets have run, this code may be
    in a context of its own whose connection nothing else would close, and a connection left open
    blocks dropping the test database.
    """
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            connections.close_all()
