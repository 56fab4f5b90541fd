"""`python -m tests.support.clocked -A nastavnik worker …`: a Celery worker on the test suite's clock.

The worker is a separate process, so time-machine's travel in pytest does not reach it; a task that
reads `timezone.localdate()` would see the real date and disagree with the test that queued it. The
suite passes its current instant in `clock.ENV_VAR`; the worker's clock starts there and ticks on.
"""

import sys

from tests.support import clock

if __name__ == "__main__":
    clock.travel()
    from celery.__main__ import main

    sys.argv = ["celery", *sys.argv[1:]]
    sys.exit(main())
