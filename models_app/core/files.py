"""How a file is presented wherever it is linked: "Open (PDF, 123 kB)", "Download (Word,
30 kB)", or "Open (www.example.no)" for an external address. One presenter, one format on
every page: the type by the name people know it by, the size in decimal units written the
Norwegian way.
"""

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .visibility import visibility_for

# File types by the names people recognise; anything else shows its extension in capitals.
TYPE_NAMES = {
    "doc": "Word",
    "docx": "Word",
    "odt": "ODT",
    "xlsx": "Excel",
    "ods": "ODS",
    "pptx": "PowerPoint",
    "txt": "TXT",
    "csv": "CSV",
    "pdf": "PDF",
}
# External addresses of these types open in the browser; others are downloaded. (A Wagtail
# document says so itself: WAGTAILDOCS_INLINE_CONTENT_TYPES, by default PDF only.)
INLINE_EXTENSIONS = ("pdf",)


def extension_of(name):
    """ "pdf" for "…/skjema.PDF?x=1"; "" when the last part of the path has no extension."""
    return os.path.splitext(urlsplit(name or "").path)[1][1:].lower()


def type_name(extension):
    return TYPE_NAMES.get(extension, extension.upper())


def size_label(size):
    """120 000 bytes → "120 kB"; 2 500 000 → "2,5 MB"; None → ""."""
    if size is None:
        return ""
    if size < 1000:
        return _("%(size)s bytes") % {"size": size}
    if size < 1000 * 1000:
        return _("%(size)s kB") % {"size": number_format(round(size / 1000))}
    return _("%(size)s MB") % {"size": number_format(round(size / 1000 / 1000, 1), 1)}


@dataclass
class FileLink:
    url: str
    type_name: str = ""  # "" when unknown
    size: int | None = None  # bytes, None when unknown
    opens_in_browser: bool = True
    private: bool = False  # the document needs a login
    external: bool = False
    host: str = ""  # of an external address
    print_url: str = ""  # the absolute address to print after the link

    @property
    def details(self):
        """What the link says in brackets: "PDF, 123 kB", "Word", "www.example.no"."""
        return ", ".join(
            part for part in (self.type_name, size_label(self.size), self.host) if part
        )


def document_size(document):
    if document.file_size is not None:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):  # the file is missing from storage
        return None


def document_file(document, request=None):
    """A FileLink for a loaded Wagtail document (no query but the per-request privacy
    look-up)."""
    return FileLink(
        url=document.url,
        type_name=type_name(document.file_extension.lower()),
        size=document_size(document),
        opens_in_browser=document.content_disposition == "inline",
        private=visibility_for(request).is_private_document(document),
    )


def document_extensions():
    return getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or ()


def external_file(address):
    """A FileLink for an external address: its host, and its type when the path ends in one
    of the document types the site accepts (…/skjema.pdf)."""
    parts = urlsplit(address)
    if parts.scheme in ("http", "https"):
        host = parts.hostname or ""
        extension = extension_of(address)
        if extension not in document_extensions():
            extension = ""
    else:  # mailto: or tel:
        host, extension = parts.path, ""
    return FileLink(
        url=address,
        type_name=type_name(extension) if extension else "",
        opens_in_browser=not extension or extension in INLINE_EXTENSIONS,
        external=True,
        host=host,
        print_url=address,
    )


def tool_file(tool, request=None):
    """The direct link of a tool: its document when it has one (already loaded by the caller),
    else its external address; None when it has neither."""
    if tool is None:
        return None
    document = getattr(tool, "document", None)
    if document is not None:
        return document_file(document, request)
    address = getattr(tool, "document_url", "")
    return external_file(address) if address else None
