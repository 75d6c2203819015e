"""Checks of fake behaviour that tests/test_fake_grafana.py does not cover."""

import requests

from tests.fake_grafana import FakeGrafana


def test_search_hit_description_only_when_set():
    with FakeGrafana() as fake:
        fake.seed_dashboard({"uid": "with", "title": "With", "description": "Latency SLO"})
        fake.seed_dashboard({"uid": "without", "title": "Without", "description": ""})
        headers = {"Authorization": f"Bearer {fake.add_token('Viewer')}"}
        hits = requests.get(f"{fake.url}/api/search", headers=headers).json()
    by_uid = {hit["uid"]: hit for hit in hits}
    assert by_uid["with"]["description"] == "Latency SLO"
    assert "description" not in by_uid["without"]
