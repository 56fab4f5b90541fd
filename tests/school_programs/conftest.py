import pytest
from django_tenants.utils import schema_context


@pytest.fixture
def in_school_a(world):
    """Run the test body in school A's schema (factories from tests.support.school write there)."""
    with schema_context(world.school_a.schema_name):
        yield world.school_a


@pytest.fixture
def in_school_b(world):
    with schema_context(world.school_b.schema_name):
        yield world.school_b
