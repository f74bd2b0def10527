import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert "X-Page-Cache" not in response
