"""Backup and restore of one municipality: back up Fjordvik, wipe it (site, pages, documents,
images, collections, groups, files), restore the archive into the empty installation, and
the model, its texts and links, internal pages, documents, images, settings, groups and
publication dates are as they were."""

import datetime
import hashlib
import io
import json
import zipfile

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction, Site

import PIL.Image
import pytest

from models_app.core.models import MunicipalitySettings
from models_app.exchange.backup import relative_path
from models_app.exchange.exporter import export_document
from models_app.municipalities.collections import public_collection
from tests.factories import example_document

OLD_DATE = datetime.datetime(2021, 3, 4, 9, 30, tzinfo=datetime.UTC)
HOST = "localhost"


@pytest.fixture
def fjordvik(demo_site, settings, tmp_path):
    """The demo municipality with its documents, an image, its own settings and a page first
    published years ago."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo_documents", stdout=io.StringIO(), stderr=io.StringIO())
    root = demo_site.root_page
    get_image_model().objects.create(
        title="Logo",
        collection=public_collection(root),
        file=ImageFile(io.BytesIO(png_bytes()), name="logo.png"),
    )
    municipality = MunicipalitySettings.for_site(demo_site)
    municipality.colour_theme = "brand2"
    municipality.child_welfare_emergency_phone = "+47 22 33 44 55"
    municipality.embed_origins = "https://www.fjordvik.kommune.no"
    municipality.open_data_licence = "cc-by-4.0"
    municipality.save()
    Page.objects.filter(id=root.id).update(first_published_at=OLD_DATE)
    return demo_site


def png_bytes():
    buffer = io.BytesIO()
    PIL.Image.new("RGB", (3, 2), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def state(site):
    """Everything a restore must bring back, in a form that does not depend on database ids."""
    site = Site.objects.get(id=site.id)
    root = site.root_page.specific
    pages = Page.objects.descendant_of(root, inclusive=True).specific()
    restricted = set(PageViewRestriction.objects.values_list("page__url_path", flat=True))
    documents = get_document_model().objects.select_related("collection")
    settings = MunicipalitySettings.for_site(site)
    return {
        "site": (site.hostname, site.site_name),
        "model": export_document(root),
        "pages": {
            relative_path(page, root): (
                type(page).__name__,
                page.title,
                page.live,
                page.first_published_at,
                page.last_published_at,
                page.url_path in restricted,
                getattr(getattr(page, "document", None), "title", None),
            )
            for page in pages
        },
        "documents": sorted(
            (d.title, d.collection.name, d.file_size, d.file_hash, sha1(d)) for d in documents
        ),
        "images": sorted(
            (i.title, i.collection.name, i.width, i.height, sha1(i))
            for i in get_image_model().objects.select_related("collection")
        ),
        "settings": (
            settings.colour_theme,
            settings.child_welfare_emergency_phone,
            settings.embed_origins,
            settings.open_data_licence,
            settings.report_concern_url,
            [
                relative_path(Page.objects.get(id=i), root)
                for i in settings.footer_page_ids().values()
            ],
        ),
        "groups": sorted(
            Group.objects.filter(name__contains="Fjordvik").values_list("name", flat=True)
        ),
    }


def sha1(item):
    with item.file.open("rb") as file:
        return hashlib.sha1(file.read()).hexdigest()  # noqa: S324 - a checksum, not security


def wipe(site):
    """Leave an installation without the municipality, as a new server would be."""
    root = site.root_page
    site.delete()
    root.delete()
    get_document_model().objects.all().delete()
    get_image_model().objects.all().delete()
    Collection.objects.exclude(depth=1).delete()
    Group.objects.filter(name__contains="Fjordvik").delete()


def test_a_restored_municipality_is_the_one_backed_up(fjordvik, settings, tmp_path):
    before = state(fjordvik)
    assert before["documents"] and before["images"], "the fixture should have files to keep"
    assert any(page[5] for page in before["pages"].values()), "and internal pages"
    archive = tmp_path / "fjordvik.zip"
    out = io.StringIO()
    call_command("backup_municipality", str(archive), stdout=out)
    assert "documents" in out.getvalue()

    wipe(fjordvik)
    settings.MEDIA_ROOT = tmp_path / "new-server-media"
    assert not Site.objects.filter(hostname=HOST).exists()
    call_command("restore_municipality", str(archive), stdout=io.StringIO())

    after = state(Site.objects.get(hostname=HOST))
    for key in before:
        assert after[key] == before[key], key
    assert after["model"]["title"]  # the texts and links compare in the exported document


def test_a_restore_into_a_site_with_a_model_is_refused_and_changes_nothing(fjordvik, tmp_path):
    archive = tmp_path / "fjordvik.zip"
    call_command("backup_municipality", str(archive), stdout=io.StringIO())
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="has a model already"):
        call_command("restore_municipality", str(archive), stdout=io.StringIO())

    assert Page.objects.count() == pages


def test_a_backup_restores_under_another_hostname(example_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "example.zip"
    call_command("backup_municipality", str(archive), stdout=io.StringIO())

    call_command(
        "restore_municipality", str(archive), "--site", "kopi.example", stdout=io.StringIO()
    )

    copy = Site.objects.get(hostname="kopi.example")
    assert export_document(copy.root_page.specific) == export_document(
        example_site.root_page.specific
    )


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not a zip at all", "Not a samhandling backup"),
        ("manifest-only", "Not a samhandling backup"),
        ("other-format", "another format"),
    ],
)
def test_a_damaged_archive_is_refused_with_a_message(db, tmp_path, content, message):
    path = tmp_path / "bad.zip"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            manifest = '{"format": "samhandling-backup", "version": 1}'
            if content == "other-format":
                manifest = '{"format": "something-else"}'
                archive.writestr("model.json", "{}")
            archive.writestr("manifest.json", manifest)
    pages = Page.objects.count()

    with pytest.raises(CommandError, match=message):
        call_command("restore_municipality", str(path), stdout=io.StringIO())

    assert Page.objects.count() == pages


def test_an_invalid_model_in_the_archive_is_refused(db, tmp_path):
    document = example_document()
    document["levels"] = "not a list"
    path = tmp_path / "bad-model.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", '{"format": "samhandling-backup", "version": 1}')
        archive.writestr("model.json", json.dumps(document))
    err = io.StringIO()

    with pytest.raises(CommandError, match="not valid; nothing was changed"):
        call_command("restore_municipality", str(path), "--site", "x.example", stderr=err)

    assert err.getvalue()
    assert not Site.objects.filter(hostname="x.example").exists()


def test_backing_up_a_site_without_a_model_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No samhandlingsmodell"):
        call_command("backup_municipality", str(tmp_path / "x.zip"), "--site", "nowhere.example")
