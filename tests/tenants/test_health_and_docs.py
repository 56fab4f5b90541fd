def test_healthz_reports_postgresql_and_redis(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["postgresql"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True


def test_healthz_reports_a_broken_redis(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_healthz_shows_the_public_no_exception_text_and_logs_it(client, db, settings, caplog):
    # A URL with a password: the kind of detail an exception message carries to whoever asks.
    settings.REDIS_URL = "redis://healthcheck:s3cret-pass@127.0.0.1:1/0"
    with caplog.at_level("ERROR", logger="nastavnik.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"postgresql": response.json()["checks"]["postgresql"], "redis": {"ok": False}},
    }
    body = response.content.decode()
    assert "Error" not in body
    assert "127.0.0.1" not in body
    assert "s3cret" not in body
    assert "redis is unreachable" in caplog.text
    assert "Traceback" in caplog.text or caplog.records[-1].exc_info


def test_openapi_schema_lists_public_and_school_endpoints(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/auth/token/" in paths
    assert "/api/v1/me/" in paths
    assert "/api/v1/schools/{school}/programmes/" in paths


def test_interactive_api_docs_are_served_without_a_cdn(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger" in html.lower()
    assert "cdn" not in html.lower()


def test_openapi_schema_builds_without_warnings(tmp_path, db):
    """Name collisions between views' nested serializers would silently merge components."""
    from django.core.management import call_command

    call_command(
        "spectacular",
        urlconf="nastavnik.urls_openapi",
        file=str(tmp_path / "schema.yaml"),
        fail_on_warn=True,
        validate=True,
    )
