"""Attach small, fictional documents to the demo's tools, as Wagtail documents.

The texts live in `fixtures/documents/<tool id>[.docx].txt`; the files (PDF, or DOCX) are made
here, at run time, so that no binary file is kept in the repository. Documents of internal
tools go into the municipality's private collection, the others into its public one.

Running it again changes nothing: a document is matched by the tool it belongs to (or by its
title in the two collections), its file is only replaced when the content differs, and a tool
only gets a new published revision when its document changes. A tool that already has a
document from elsewhere is left alone.
"""

import io
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

from models_app.core.sites import find_model_site
from models_app.core.visibility import restricted_page_paths
from models_app.municipalities.collections import (
    municipality_name,
    private_collection,
    public_collection,
)
from models_app.tools.models import ToolPage

TEXTS = Path(settings.BASE_DIR) / "fixtures" / "documents"
FIXED_TIME = (2026, 1, 1, 0, 0, 0)  # in DOCX archives, so the same text gives the same bytes


@dataclass
class DemoText:
    tool_id: str
    extension: str  # "pdf" or "docx"
    title: str
    lines: list  # the rest, after the title

    @classmethod
    def read(cls, path, municipality):
        stem = path.name.removesuffix(".txt")
        tool_id, _dot, extension = stem.partition(".")
        text = path.read_text(encoding="utf-8").replace("{municipality}", municipality)
        title, *lines = text.strip("\n").splitlines()
        return cls(tool_id, extension or "pdf", title.strip(), lines)

    @property
    def filename(self):
        return f"{self.tool_id}.{self.extension}"

    def render(self, language):
        if self.extension == "docx":
            return docx_bytes(self.title, self.lines, language)
        return pdf_bytes(self.title, self.lines, language)


def demo_texts(municipality):
    return [DemoText.read(path, municipality) for path in sorted(TEXTS.glob("*.txt"))]


# A minimal PDF: Helvetica in WinAnsi encoding (covers æ, ø, å and –), A4, wrapped lines ------


def pdf_string(text):
    data = text.encode("cp1252", errors="replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_text_string(text):
    """A PDF text string (document metadata) in UTF-16BE, for any character."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def pdf_lines(title, lines):
    """(font, size, text, space before) for every printed line."""
    yield "F2", 16, title, 0
    for line in lines:
        line = line.rstrip()
        if line.startswith("# "):
            yield "F2", 12, line[2:], 10
        elif not line:
            yield "F1", 11, "", 0
        else:
            indent = "    " if line.startswith("- ") else ""
            text = "\u2022 " + line[2:] if line.startswith("- ") else line
            for number, part in enumerate(textwrap.wrap(text, 86 - len(indent)) or [""]):
                yield "F1", 11, (indent if number else "") + part, 0


def pdf_bytes(title, lines, language="nb"):
    top, bottom, left = 786, 56, 56
    pages, stream, y = [], [], top
    for font, size, text, space in pdf_lines(title, lines):
        y -= space + size * 1.4
        if y < bottom:
            pages.append(stream)
            stream, y = [], top - size * 1.4
        if text:
            stream.append(
                b"BT /%s %d Tf 1 0 0 1 %d %.1f Tm %s Tj ET"
                % (font.encode(), size, left, y, pdf_string(text))
            )
    pages.append(stream)

    font_ids, info_id, first_page_id = (3, 4), 5, 6
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R /Lang %s /ViewerPreferences "
        b"<< /DisplayDocTitle true >> >>" % pdf_string(language),
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (
            b" ".join(b"%d 0 R" % (first_page_id + 2 * i) for i in range(len(pages))),
            len(pages),
        ),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
        b"/Encoding /WinAnsiEncoding >>",
        info_id: b"<< /Title %s /Producer (samhandling load_demo_documents) >>"
        % pdf_text_string(title),
    }
    for index, page_stream in enumerate(pages):
        page_id = first_page_id + 2 * index
        content = b"\n".join(page_stream)
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>" % (page_id + 1, *font_ids)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n%s\nendstream" % (
            len(content),
            content,
        )

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = out.tell()
    count = max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % count)
    for number in range(1, count):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (count, info_id, xref)
    )
    return out.getvalue()


# A minimal DOCX (Office Open XML): one document part and its core properties ---------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)


def docx_paragraph(text, language, size=None, bold=False):
    properties = f'<w:lang w:val="{language}-NO"/>'
    if bold:
        properties = "<w:b/>" + properties
    if size:
        properties += f'<w:sz w:val="{size * 2}"/>'
    spacing = '<w:pPr><w:spacing w:before="240"/></w:pPr>' if bold else ""
    return (
        f"<w:p>{spacing}<w:r><w:rPr>{properties}</w:rPr>"
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'
    )


def docx_bytes(title, lines, language="nb"):
    paragraphs = [docx_paragraph(title, language, size=16, bold=True)]
    for line in lines:
        line = line.rstrip()
        if line.startswith("# "):
            paragraphs.append(docx_paragraph(line[2:], language, size=12, bold=True))
        elif line.startswith("- "):
            paragraphs.append(docx_paragraph("\u2022 " + line[2:], language))
        elif line:
            paragraphs.append(docx_paragraph(line, language))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}"><w:body>{"".join(paragraphs)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/></w:sectPr>'
        "</w:body></w:document>"
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<dc:title>{escape(title)}</dc:title><dc:language>{language}</dc:language>"
        "</cp:coreProperties>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", PACKAGE_RELATIONSHIPS),
            ("word/document.xml", document),
            ("docProps/core.xml", core),
        ):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


# Attaching ---------------------------------------------------------------------------------


def sha1(data):
    return hash_filelike(io.BytesIO(data))


def write_file(document, filename, data):
    """Put `data` in the document's file (replacing the old one) and its metadata."""
    if document.file and document.file.name:
        document.file.storage.delete(document.file.name)
    document.file.save(filename, ContentFile(data), save=False)
    document.file_size = len(data)
    document.file_hash = sha1(data)


class Command(BaseCommand):
    help = (
        "Demo: make small fictional documents (PDF, DOCX) from fixtures/documents and attach "
        "them to the tools of a municipality's model. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site",
            metavar="HOSTNAME",
            help="The site of the municipality. Default: the default site.",
        )

    def handle(self, site=None, verbosity=1, **options):
        root = self.model_root(site)
        with transaction.atomic():
            public, private = public_collection(root), private_collection(root)
            ours = {public.id, private.id}
            restricted = restricted_page_paths(below=root)
            tools = {tool.exchange_id: tool for tool in ToolPage.objects.descendant_of(root).live()}
            counts = {"attached": 0, "updated": 0, "unchanged": 0, "skipped": 0}
            for text in demo_texts(municipality_name(root)):
                tool = tools.get(text.tool_id)
                if tool is None:
                    self.stderr.write(
                        f"  skipped {text.filename}: no published tool “{text.tool_id}”."
                    )
                    counts["skipped"] += 1
                    continue
                internal = bool(restricted) and tool.path.startswith(restricted)
                collection = private if internal else public
                outcome = self.attach(tool, text, root.language, collection, ours)
                counts[outcome] += 1
                if outcome != "unchanged" and verbosity >= 1:
                    where = "private" if internal else "public"
                    self.stdout.write(f"  {outcome}: {text.filename} → {tool.title} ({where})")
        self.stdout.write(
            "Demo documents for {name}: {attached} attached, {updated} updated, "
            "{unchanged} unchanged, {skipped} skipped.".format(
                name=municipality_name(root), **counts
            )
        )

    def model_root(self, hostname):
        try:
            return find_model_site(hostname)[1]
        except LookupError as error:
            raise CommandError(f"{error} Import a model first.") from error

    def attach(self, tool, text, language, collection, ours):
        Document = get_document_model()
        document = tool.document
        if document is not None and document.collection_id not in ours:
            self.stderr.write(
                f"  skipped {text.filename}: “{tool.title}” has a document of its own."
            )
            return "skipped"
        if document is None:
            document = Document.objects.filter(collection_id__in=ours, title=text.title).first()

        data = text.render(language if language in ("nb", "nn") else "nb")
        if document is None:
            document = Document(title=text.title, collection=collection)
            write_file(document, text.filename, data)
            document.save()
            changed = True
        else:
            changed = False
            file_ok = (
                document.file_hash == sha1(data)
                and document.file_size == len(data)
                and document.file.storage.exists(document.file.name)
            )
            if not file_ok:
                write_file(document, text.filename, data)
                changed = True
            if (document.title, document.collection_id) != (text.title, collection.id):
                document.title, document.collection = text.title, collection
                changed = True
            if changed:
                document.save()

        if tool.document_id != document.id:
            tool.document = document
            tool.save_revision(clean=True).publish()
            return "attached"
        return "updated" if changed else "unchanged"
