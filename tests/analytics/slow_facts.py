"""Loaded into the kill-test worker with `-I`: every school takes a while, so a kill lands mid-run.

Registers one more school statement that sleeps and yields a code no indicator has (the upsert's
join drops it): the facts are exactly those of the real statement.
"""

from analytics.registry import register_school_statement

NAP_SECONDS = 0.5


def _slow(*, start, end, today):
    return "SELECT 'test_slow_probe'::text, 0::bigint, 0::bigint FROM pg_sleep(%(nap)s)", {"nap": NAP_SECONDS}


register_school_statement("tests_slow_probe", ["test_slow_probe"], _slow)
