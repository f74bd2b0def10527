"""The embedded model (/innebygd/): framable by the origins the municipality lists and by no
other, the public model only, and without JavaScript every link leaves the frame."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from wagtail.models import PageViewRestriction

import pytest

from models_app.core.models import MunicipalitySettings
from models_app.model.models import ElementPage, LevelPage
from tests.helpers import soup

EMBED = "/innebygd/"
ORIGINS = "https://www.fjordvik.kommune.no\nhttp://intranett.fjordvik.no:8080/\n"


def frame_ancestors(response):
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return policy["frame-ancestors"].split()


def allow(site, origins):
    settings = MunicipalitySettings.for_site(site)
    settings.embed_origins = origins
    settings.full_clean()
    settings.save()


@pytest.mark.django_db
def test_embed_is_framable_by_the_listed_origins_only(client, demo_site, nynorsk_site):
    allow(demo_site, ORIGINS)
    response = client.get(EMBED)
    assert response.status_code == 200
    assert frame_ancestors(response) == [
        "'self'",
        "https://www.fjordvik.kommune.no",
        "http://intranett.fjordvik.no:8080",
    ]
    assert "X-Frame-Options" not in response.headers
    # The other municipality's embed keeps its own (empty) list.
    other = client.get(EMBED, HTTP_HOST=nynorsk_site.hostname)
    assert frame_ancestors(other) == ["'self'"]


@pytest.mark.django_db
def test_every_other_page_keeps_refusing_frames(client, demo_site):
    allow(demo_site, ORIGINS)
    element = ElementPage.objects.descendant_of(demo_site.root_page).first()
    for path in ("/", element.url, "/data/", "/sok/?q=barn"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert frame_ancestors(response) == ["'self'"], path
        assert response["X-Frame-Options"] == "SAMEORIGIN", path


@pytest.mark.django_db
def test_setting_refuses_what_is_not_an_origin(demo_site):
    settings = MunicipalitySettings.for_site(demo_site)
    for bad in ("www.fjordvik.no", "https://fjordvik.no/side", "https://a.no https://b.no", "*"):
        settings.embed_origins = bad
        with pytest.raises(ValidationError) as error:
            settings.full_clean()
        assert "embed_origins" in error.value.message_dict


@pytest.mark.django_db
def test_embed_shows_the_public_model_only_even_to_an_employee(client, demo_site):
    root = demo_site.root_page
    hidden_level = LevelPage.objects.descendant_of(root).get(level="individ")
    hidden = list(ElementPage.objects.descendant_of(hidden_level))
    single = ElementPage.objects.descendant_of(root).exclude(path__startswith=hidden_level.path)[0]
    for page in (hidden_level, single):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    client.force_login(get_user_model().objects.create_user("ansatt", password="x-pw-1234"))
    assert single.title in client.get("/").content.decode(), "the employee sees it on the site"
    response = client.get(EMBED)
    html = response.content.decode()
    for page in [single, *hidden]:
        assert f'href="{page.url}"' not in html
    assert not soup(response).select(".badge--internal")
    assert "Set-Cookie" not in response.headers
    # A visitor with a session never gets a shareable response (the page cache's rule);
    # an anonymous visitor gets the same embed, public.
    assert "private" in response["Cache-Control"]
    client.logout()
    assert "public" in client.get(EMBED)["Cache-Control"]


@pytest.mark.django_db
def test_without_javascript_every_element_is_a_link_that_leaves_the_frame(client, demo_site):
    page = soup(client.get(EMBED))
    assert page.select_one("head base")["target"] == "_top"
    assert not page.select("header, footer, nav, form")
    assert page.select_one(".concern-entry"), "the citizens' way in, as on the model page"
    links = page.select("a[href]")
    assert all(not link.get("target") for link in links), "no link overrides the base target"
    elements = page.select("li.element")
    assert len(elements) == ElementPage.objects.descendant_of(demo_site.root_page).count()
    for element in elements:
        link = element.select_one("a.element-link")
        assert link["href"].startswith("/")
    scripts = [script["src"] for script in page.select("script")]
    assert all(src.startswith("/static/") for src in scripts)
    assert not page.select("[style], style")


@pytest.mark.django_db
def test_embed_speaks_the_municipalitys_language(client, nynorsk_site):
    page = soup(client.get(EMBED, HTTP_HOST=nynorsk_site.hostname))
    assert page.html["lang"] == "nn"
    assert "Lidal kommune" in page.select_one(".embedded__more").get_text()


@pytest.mark.django_db
def test_the_admin_shows_the_snippet_to_paste(admin_client, demo_site):
    allow(demo_site, ORIGINS)
    response = admin_client.get(f"/admin/settings/core/municipalitysettings/{demo_site.pk}/")
    assert response.status_code == 200
    code = soup(response).select_one("pre code").get_text()
    assert f'<iframe src="{demo_site.root_url}/innebygd/"' in code
    assert f'title="{demo_site.root_page.title}"' in code
    assert "data-samhandling-embed" in code
    assert f'<script src="{demo_site.root_url}/static/embed/host.js" defer></script>' in code
