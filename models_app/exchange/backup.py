"""Back up one municipality to a ZIP file, and restore it into an installation where its site
does not exist yet.

The archive holds what the exchange document leaves out: `model.json` (the exchange
document, internal pages included), the files of the documents and images in the
municipality's two collections and of the documents its tools point to, the municipality
settings, and each page's publication dates. `manifest.json` ties them together. The groups
and the workflow are made again with the site; users are not kept (they are personal data,
and employees sign in again with their work account). The whole installation is backed up
with `pg_dump` and a copy of MEDIA_ROOT instead (docs/operations.md).
"""

import io
import json
import zipfile
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.dateparse import parse_datetime

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from models_app.core.models import MunicipalitySettings
from models_app.core.sites import find_model_site, model_page_of_site, site_for_hostname
from models_app.municipalities.collections import private_collection, public_collection
from models_app.tools.models import ToolPage

from .exporter import export_document
from .importer import import_document
from .validation import DocumentError

FORMAT = "samhandling-backup"
VERSION = 1
DATE_FIELDS = ("first_published_at", "last_published_at", "go_live_at", "expire_at")
# A restore reads at most this much from one member: a forged archive cannot fill memory.
MAX_MEMBER_BYTES = 200 * 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored; nothing was changed."""


# --- backing up ------------------------------------------------------------------------------


def write_backup(hostname, target):
    """Write the municipality of `hostname` (None: the default site) to `target` (a path or a
    binary file). Returns the manifest. LookupError when the site has no model."""
    site, root = find_model_site(hostname)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("model.json", json.dumps(export_document(root), ensure_ascii=False))
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "hostname": site.hostname,
            "site_name": site.site_name,
            "settings": settings_of(site, root),
            "pages": page_dates(root),
            "documents": stored_files(archive, documents_of(root), "documents", root),
            "images": stored_files(archive, images_of(root), "images", root),
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def relative_path(page, root):
    """A page's place below the model ("" for the model itself): the same in every copy."""
    return page.url_path[len(root.url_path) :]


def page_dates(root):
    pages = Page.objects.descendant_of(root, inclusive=True).only("url_path", *DATE_FIELDS)
    return {
        relative_path(page, root): {
            name: getattr(page, name).isoformat() if getattr(page, name) else None
            for name in DATE_FIELDS
        }
        for page in pages
    }


def settings_of(site, root):
    """The municipality settings' values; pages (the footer's) by their place below the model."""
    settings = MunicipalitySettings.for_site(site)
    values = {}
    for field in MunicipalitySettings._meta.concrete_fields:
        if field.name in ("id", "site"):
            continue
        value = getattr(settings, field.name)
        values[field.name] = relative_path(value, root) if isinstance(value, Page) else value
    return values


def our_collections(root):
    return {"public": public_collection(root), "private": private_collection(root)}


def documents_of(root):
    """The documents in the municipality's collections and those its tools point to."""
    collections = {c.id: name for name, c in our_collections(root).items()}
    tools = ToolPage.objects.descendant_of(root).exclude(document=None)
    used = {}
    for tool in tools.only("exchange_id", "document_id"):
        used.setdefault(tool.document_id, []).append(tool.exchange_id)
    Document = get_document_model()
    documents = Document.objects.filter(collection_id__in=collections) | Document.objects.filter(
        id__in=used
    )
    for document in documents.distinct().order_by("id"):
        where = collections.get(document.collection_id, "public")
        yield document, {"collection": where, "tools": sorted(used.get(document.id, []))}


def images_of(root):
    collections = {c.id: name for name, c in our_collections(root).items()}
    images = get_image_model().objects.filter(collection_id__in=collections).order_by("id")
    for image in images:
        yield image, {"collection": collections[image.collection_id]}


def stored_files(archive, items, folder, root):
    """Copy each file into the archive; the manifest's entries describe them."""
    entries = []
    for number, (item, extra) in enumerate(items, start=1):
        name = f"{folder}/{number}-{PurePosixPath(item.file.name).name}"
        with item.file.open("rb") as file:
            archive.writestr(name, file.read())
        entries.append({"title": item.title, "file": name, **extra})
    return entries


# --- restoring -------------------------------------------------------------------------------


def read_backup(source):
    """(manifest, exchange document, archive) from a path or binary file; BackupError if it is
    not one of our backups."""
    try:
        archive = zipfile.ZipFile(source)
        manifest = json.loads(member(archive, "manifest.json"))
        document = json.loads(member(archive, "model.json"))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise BackupError(f"Not a samhandling backup: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Not a samhandling backup: manifest.json has another format.")
    if manifest.get("version") != VERSION:
        raise BackupError(f"Backup version {manifest.get('version')!r} is not supported.")
    return manifest, document, archive


def member(archive, name):
    info = archive.getinfo(name)
    if info.file_size > MAX_MEMBER_BYTES:
        raise BackupError(f"{name} in the backup is too large ({info.file_size} bytes).")
    return archive.read(info)


def restore_backup(source, hostname=None):
    """Restore a backup into a new site `hostname` (default: the hostname it was taken from).
    Refuses a site that has a model already. All or nothing. Returns the import report."""
    manifest, document, archive = read_backup(source)
    hostname = hostname or manifest.get("hostname")
    if model_page_of_site(site_for_hostname(hostname)) is not None:
        raise BackupError(
            f"{hostname} has a model already; restore into a new site (--site) or delete it first."
        )
    try:
        with transaction.atomic():
            report = import_document(document, hostname=hostname)
            site, root = find_model_site(hostname)
            site.site_name = manifest.get("site_name") or site.site_name
            site.save()
            restore_files(archive, manifest, root)
            restore_settings(site, root, manifest.get("settings") or {})
            restore_dates(root, manifest.get("pages") or {})
    except DocumentError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, ValidationError) as error:
        raise BackupError(f"The backup is damaged ({type(error).__name__}: {error}).") from error
    return report


def restore_files(archive, manifest, root):
    collections = our_collections(root)
    tools = {tool.exchange_id: tool for tool in ToolPage.objects.descendant_of(root)}
    for entry in manifest.get("documents", []):
        document = saved_file(get_document_model(), archive, entry, collections)
        for exchange_id in entry.get("tools", []):
            tool = tools.get(exchange_id)
            if tool is not None:
                attach(tool, document)
    for entry in manifest.get("images", []):
        saved_file(get_image_model(), archive, entry, collections)


def saved_file(model, archive, entry, collections):
    name = entry["file"]
    filename = PurePosixPath(name).name.split("-", 1)[-1]
    data = member(archive, name)
    is_image = model is get_image_model()
    # An ImageFile gives Wagtail the image's width and height as it is saved.
    content = (
        ImageFile(io.BytesIO(data), name=filename) if is_image else ContentFile(data, filename)
    )
    item = model(title=entry["title"], collection=collections[entry["collection"]], file=content)
    if is_image:
        item._set_image_file_metadata()
    else:
        item._set_document_file_metadata()
    item.save()
    return item


def attach(tool, document):
    """Point the tool at its document, as a published revision (its dates come back after)."""
    tool.document = document
    revision = tool.save_revision(clean=False)
    if tool.live:
        revision.publish()


def restore_settings(site, root, values):
    settings = MunicipalitySettings.for_site(site)
    for field in MunicipalitySettings._meta.concrete_fields:
        if field.name not in values or field.name in ("id", "site"):
            continue
        value = values[field.name]
        if field.is_relation:
            value = page_at(root, value) if value is not None else None
        setattr(settings, field.name, value)
    settings.full_clean()
    settings.save()


def page_at(root, relative):
    return Page.objects.filter(url_path=root.url_path + relative).first()


def restore_dates(root, dates):
    """Give each page the publication dates it had; the import and attaching documents gave
    them today's."""
    for page in Page.objects.descendant_of(root, inclusive=True).only("url_path"):
        saved = dates.get(relative_path(page, root))
        if saved:
            values = {
                name: parse_datetime(saved[name]) if saved.get(name) else None
                for name in DATE_FIELDS
            }
            Page.objects.filter(id=page.id).update(**values)
