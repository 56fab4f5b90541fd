"""`make bench`: Nastavnik's speed figures against the stock way of doing the same thing, in one run."""

import gc


def settle() -> None:
    """After a bench's data is built: freeze what exists, as the server process does after start-up
    (nastavnik/wsgi.py), so a timed request's collections scan only that request's objects and not the
    set-up's hundreds of thousands (a pause of 100–200 ms in a p95 otherwise). Every way in a table
    runs after it."""
    gc.collect()
    gc.freeze()
