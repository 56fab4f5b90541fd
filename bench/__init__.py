"""`make bench`: Nastavnik's speed figures against the stock way of doing the same thing, in one run."""
