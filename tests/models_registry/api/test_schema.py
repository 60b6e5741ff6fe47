"""The OpenAPI schema is valid, documented and served with its pages; the API conforms to it (schemathesis)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from tests.models_registry.api.conftest import issue

pytestmark = pytest.mark.django_db
# Bounded so the suite stays fast: a few valid requests per operation.
MAX_EXAMPLES = 4

ENDPOINTS = {
    "/api/v1/initiatives/",
    "/api/v1/initiatives/{id}/",
    "/api/v1/units/",
    "/api/v1/units/{id}/",
    "/api/v1/campaigns/",
    "/api/v1/campaigns/{id}/",
    "/api/v1/decisions/",
    "/api/v1/decisions/{id}/",
    "/api/v1/commendations/",
    "/api/v1/commendations/{id}/",
    "/api/v1/summary/",
    "/api/v1/open/initiatives/",
    "/api/v1/open/initiatives.csv",
}


def test_the_schema_is_valid_openapi_3_with_every_endpoint_read_only(client):
    # Act
    response = client.get("/api/v1/schema/?format=json")

    # Assert
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == ENDPOINTS
    assert {method for item in schema["paths"].values() for method in item} == {"get"}
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_schema_describes_the_api_in_vietnamese_and_follows_the_chosen_language(client):
    # Act
    vietnamese = client.get("/api/v1/schema/?format=json").json()
    english = client.get("/api/v1/schema/?format=json&lang=en")

    # Assert
    assert "phạm vi" in vietnamese["info"]["description"]
    parameters = vietnamese["paths"]["/api/v1/initiatives/"]["get"]["parameters"]
    assert next(p for p in parameters if p["name"] == "changed_since")["description"]
    assert english.status_code == 200


def test_the_documentation_page_serves_swagger_ui_from_our_static_files(client):
    # Act
    response = client.get("/api/v1/docs/")

    # Assert
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "//cdn" not in page and "googleapis" not in page


# ----- the API against its own schema -------------------------------------------------------------
@pytest.fixture
def api_schema(db):
    # Calls go through the WSGI handler, which closes the database connection after each answer
    # (the test's transaction with it, on PostgreSQL): keep it open, as Django's test client does.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    # Valid requests only: invalid ones (an id of "0.5") stop at Django's URL resolver, whose 404
    # page is HTML, and query parameters left empty count as absent, as in an HTML form.
    loaded.config.generation.update(modes=[GenerationMode.POSITIVE], max_examples=MAX_EXAMPLES)
    yield loaded
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_endpoint_answers_without_a_server_error_and_as_its_schema_says(case, world, records):
    # Arrange
    _, token = issue(world.province, rate="100000/hour")

    # Act / Assert
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
