"""The catalogue of indicator functions the region collects from every school (numerator/denominator).

Schema: PUBLIC module, no tables. Public apps never import the per-school app (import-linter), so the
school app registers its functions here when it is loaded (school_programs.indicators); analytics
then calls each function inside a school's schema and stores only the two numbers it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

IndicatorFunction = Callable[
    ..., tuple[int, int]
]  # fn(*, start: date, end: date) -> (numerator, denominator)


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    unit: str
    fn: IndicatorFunction

    def compute(self, *, start: date, end: date) -> tuple[int, int]:
        """Run in the school's schema (the caller switches to it); two counts, nothing personal."""
        numerator, denominator = self.fn(start=start, end=end)
        return int(numerator), int(denominator)


_registry: dict[str, Indicator] = {}


def register_indicator(code: str, title: str, unit: str, fn: IndicatorFunction) -> Indicator:
    """Add an indicator; registering the same code again with the same function changes nothing."""
    indicator = Indicator(code=code, title=title, unit=unit, fn=fn)
    known = _registry.get(code)
    if known is not None and known.fn is not fn:
        # A module imported twice under two names would register a second, different function.
        qualified = f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', fn)}"
        if (
            qualified
            != f"{getattr(known.fn, '__module__', '')}.{getattr(known.fn, '__qualname__', known.fn)}"
        ):
            raise ValueError(f"Показатель «{code}» уже зарегистрирован другой функцией.")
    _registry[code] = indicator
    return indicator


def indicators() -> list[Indicator]:
    """Every registered indicator, in the order they were registered."""
    return list(_registry.values())


def indicator(code: str) -> Indicator:
    return _registry[code]


# --- Set-based statements (the recompute path) -------------------------------------------------------
#
# The functions above answer one indicator for one school in Python (pages of the school use them).
# The region's recompute over 2,000 schools needs SQL instead: the school app registers a statement
# builder that returns one SELECT yielding rows (code, numerator, denominator) for every indicator it
# computes, run inside the school's schema; analytics wraps it into an upsert of public facts.


@dataclass(frozen=True)
class SchoolStatement:
    name: str
    codes: tuple[str, ...]
    # build(*, start: date, end: date, today: date) -> (sql, params); psycopg2 named parameters.
    build: Callable[..., tuple[str, dict]]


_statements: dict[str, SchoolStatement] = {}


def register_school_statement(name: str, codes, build) -> SchoolStatement:
    """Register (or re-register, idempotently) the SELECT a school app runs for its indicators."""
    statement = SchoolStatement(name=name, codes=tuple(codes), build=build)
    _statements[name] = statement
    return statement


def school_statements() -> list[SchoolStatement]:
    return list(_statements.values())
