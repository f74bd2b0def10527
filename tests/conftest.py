from wagtail.models import Site

import pytest

from tests.factories import demo_document, example_document, imported


@pytest.fixture
def example_site(db):
    report = imported(example_document())
    return report.site


@pytest.fixture
def demo_site(db):
    report = imported(demo_document())
    return report.site


@pytest.fixture
def default_site(db):
    return Site.objects.get(is_default_site=True)
