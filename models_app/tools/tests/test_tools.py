"""The tools section: tools by kind, their documents (public and private), the demo documents."""

import io
import uuid
import zipfile
from xml.etree import ElementTree  # noqa: S405 (our own file)

from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import translation

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, Site

import pytest

from models_app.core import choices
from models_app.guide.models import GuideLevelPage
from models_app.municipalities.collections import private_collection, public_collection
from models_app.tools.models import ToolPage
from models_app.tools.overview import NO_KIND_LABEL
from tests.factories import demo_document, example_document, imported
from tests.helpers import count_queries, soup

KIND_ORDER = [key for key, _label in choices.TOOL_KINDS]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def nb(text):
    """An interface text (a msgid or a lazy translation) as the bokmål site shows it."""
    with translation.override("nb"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def tool(tool_id, title=None, kind=None, **extra):
    item = {"id": tool_id, "title": title or f"Verktøy {tool_id}", **extra}
    if kind:
        item["kind"] = kind
    return item


def with_tools(tools, document=None):
    document = document or example_document()
    document["tools"] += tools
    return document


def site_root(host=None):
    site = Site.objects.get(hostname=host) if host else Site.objects.get(is_default_site=True)
    return site.root_page.specific


def add_document(tool_page, data, filename, collection):
    """Attach a new Wagtail document to a tool and publish the tool, as an editor would."""
    document = Document(title=f"Fil for {tool_page.title}", collection=collection)
    document.file.save(filename, ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    tool_page.document = document
    tool_page.save_revision().publish()
    return document


def served_bytes(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def tool_index_url(host=None):
    root = site_root(host)
    return ToolPage.objects.descendant_of(root).first().get_parent().get_url_parts()[2]


# Grouping ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_tools_are_grouped_by_kind_in_the_fixed_order(client):
    # In the document the kinds are shuffled; without kind come last.
    imported(
        with_tools(
            [
                tool("uten-type-1", "Uten type 1"),
                tool("annet-1", "Annet 1", "annet"),
                tool("veileder-1", "Veileder 1", "veileder"),
                tool("mal-1", "Mal 1", "mal"),
                tool("kartlegging-1", "Kartlegging 1", "kartleggingsverktoy"),
                tool("samtale-1", "Samtale 1", "samtaleverktoy"),
                tool("skjema-2", "Skjema 2", "skjema"),
                tool("mal-2", "Mal 2", "mal"),
            ]
        )
    )
    page = soup(client.get(tool_index_url()))
    groups = page.select("section.tool-group")
    assert [group["data-tool-kind"] for group in groups] == [*KIND_ORDER, ""]
    labels = dict(choices.TOOL_KINDS)
    assert [group.h2.get_text(strip=True) for group in groups] == [
        *(nb(labels[key]) for key in KIND_ORDER),
        nb(NO_KIND_LABEL),
    ]
    assert nb(labels["skjema"]) == "Skjema"  # the labels are translated
    tools_in = {
        group["data-tool-kind"]: [a.get_text(strip=True) for a in group.select(".tool__title a")]
        for group in groups
    }
    # Within a group, the order of the model (the document's order).
    assert tools_in["skjema"] == ["Samtykke til samarbeid og informasjonsutveksling", "Skjema 2"]
    assert tools_in["mal"] == ["Mal 1", "Mal 2"]
    assert tools_in[""] == ["Uten type 1"]
    # Each tool links to its page.
    link = groups[1].select_one(".tool__title a")
    assert link["href"] == ToolPage.objects.get(exchange_id="mal-1").url


@pytest.mark.django_db
def test_kinds_without_tools_are_left_out(client):
    imported(example_document())  # one tool: a skjema
    page = soup(client.get(tool_index_url()))
    assert [g["data-tool-kind"] for g in page.select("section.tool-group")] == ["skjema"]
    assert page.select_one(".tool-kinds") is None  # no jump list for a single group


# The direct link: document or external address -----------------------------------------------


@pytest.mark.django_db
def test_download_link_shows_file_type_and_size(client):
    imported(with_tools([tool("mal-1", "Mal for plan", "mal")]))
    root = site_root()
    collection = public_collection(root)
    form = ToolPage.objects.get(exchange_id="samtykkeskjema")
    template = ToolPage.objects.get(exchange_id="mal-1")
    pdf = add_document(form, b"%PDF-1.4\n" + b"x" * 122_870, "samtykke.pdf", collection)
    docx = add_document(template, b"PK" + b"y" * 30_000, "plan.docx", collection)

    for url in (tool_index_url(), form.url):
        page = soup(client.get(url))
        link = page.find("a", href=pdf.url)
        assert link is not None, url
        text = " ".join(link.get_text(" ", strip=True).split())
        assert text.startswith(nb("Open"))
        assert "PDF" in text
        assert "(PDF, 123 kB)" in text  # decimal units, as on every page
        # The link names its tool for screen readers.
        assert link.select_one(".ds-sr-only").get_text(strip=True) == form.title

    link = soup(client.get(tool_index_url())).find("a", href=docx.url)
    text = " ".join(link.get_text(" ", strip=True).split())
    assert text.startswith(nb("Download"))
    assert "(Word, 30 kB)" in text


@pytest.mark.django_db
def test_tool_without_document_links_its_external_address(client):
    imported(
        with_tools(
            [tool("nett", "Nettverktøy", "annet", url="https://www.snakkemedbarn.no/ovelser")]
        )
    )
    page = soup(client.get(tool_index_url()))
    link = page.find("a", href="https://www.snakkemedbarn.no/ovelser")
    assert link is not None
    text = link.get_text(" ", strip=True)
    assert text.startswith(nb("Open"))
    assert "www.snakkemedbarn.no" in text
    # The example's form is a PDF at an external address: its type shows, no size.
    link = page.find("a", href="https://www.eksempelvik.kommune.no/skjema/samtykke.pdf")
    assert "(PDF, www.eksempelvik.kommune.no)" in link.get_text(" ", strip=True)


@pytest.mark.django_db
def test_tool_page_shows_kind_document_review_and_stamp(client):
    document = example_document()
    document["tools"][0]["review"] = {
        "last_reviewed": "2026-02-01",
        "interval_months": 12,
        "responsible": "BTI-koordinator",
    }
    imported(document)
    form = ToolPage.objects.get(exchange_id="samtykkeskjema")
    pdf = add_document(form, b"%PDF-1.4\n%%EOF\n", "samtykke.pdf", public_collection(site_root()))
    page = soup(client.get(form.url))
    text = page.get_text(" ", strip=True)
    assert nb(dict(choices.TOOL_KINDS)["skjema"]) in text
    assert page.find("a", href=pdf.url, class_="ds-button") is not None
    # The external address stays reachable next to the document.
    assert page.find("a", href="https://www.eksempelvik.kommune.no/skjema/samtykke.pdf")
    stamp = page.select_one(".review-stamp").get_text(" ", strip=True)
    assert "BTI-koordinator" in stamp
    assert "2026" in stamp and "2027" in stamp


# Internal tools and private documents --------------------------------------------------------


@pytest.mark.django_db
def test_private_and_public_collections(db):
    imported(example_document())
    root = site_root()
    private, public = private_collection(root), public_collection(root)
    assert private.name == "Interne dokumenter – Eksempelvik kommune"
    assert public.name == "Dokumenter – Eksempelvik kommune"
    wagtail_root = Collection.get_first_root_node()
    assert private.get_parent() == wagtail_root and public.get_parent() == wagtail_root
    restrictions = CollectionViewRestriction.objects.filter(collection=private)
    # Only the municipality's own groups (issue 11), not every logged-in user.
    assert [r.restriction_type for r in restrictions] == [CollectionViewRestriction.GROUPS]
    assert set(restrictions.get().groups.values_list("name", flat=True)) == {
        "Eksempelvik kommune – ansatte",
        "Eksempelvik kommune – redaktører",
        "Eksempelvik kommune – modellansvarlig",
    }
    assert not CollectionViewRestriction.objects.filter(collection=public).exists()
    # Asking again finds the same collections and adds nothing.
    assert (private_collection(root), public_collection(root)) == (private, public)
    assert Collection.objects.count() == 3
    assert CollectionViewRestriction.objects.count() == 1


@pytest.mark.django_db
def test_internal_tool_and_its_document_are_hidden_from_anonymous_visitors(client, employee):
    imported(
        with_tools(
            [tool("sjekkliste", "Hemmelig sjekkliste", "mal", audience="internal")],
        )
    )
    root = site_root()
    internal = ToolPage.objects.get(exchange_id="sjekkliste")
    document = add_document(
        internal, b"%PDF-1.4\n%%EOF\n", "sjekkliste.pdf", private_collection(root)
    )
    index = tool_index_url()

    html = client.get(index).content.decode()
    assert "Hemmelig sjekkliste" not in html
    assert document.url not in html
    assert "sjekkliste.pdf" not in html

    client.force_login(employee)
    page = soup(client.get(index))
    item = page.select_one('[data-tool="sjekkliste"]')
    assert item.select_one(".tool__title .badge--internal").get_text(strip=True) == nb("Internal")
    assert item.find("a", href=document.url) is not None


@pytest.mark.django_db
def test_public_tool_marks_a_private_document_for_employees_only(client):
    imported(example_document())
    form = ToolPage.objects.get(exchange_id="samtykkeskjema")
    document = add_document(form, b"%PDF-1.4\n", "intern.pdf", private_collection(site_root()))
    page = soup(client.get(form.url))
    link = page.find("a", href=document.url)
    assert link.parent.select_one(".badge--internal").get_text(strip=True) == nb("Internal")
    assert page.select_one(".tool-access__note") is not None


@pytest.mark.django_db
def test_private_document_is_refused_anonymously_and_served_logged_in(client, employee):
    imported(example_document())
    form = ToolPage.objects.get(exchange_id="samtykkeskjema")
    data = b"%PDF-1.4\n% intern\n%%EOF\n"
    document = add_document(form, data, "intern.pdf", private_collection(site_root()))
    assert document.url.startswith("/dokumenter/")

    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=")
    assert document.url in response["Location"]

    client.force_login(employee)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert served_bytes(response) == data


@pytest.mark.django_db
def test_public_document_is_served_to_everyone(client):
    imported(example_document())
    form = ToolPage.objects.get(exchange_id="samtykkeskjema")
    data = b"PK\x03\x04 not really a docx"
    document = add_document(form, data, "mal.docx", public_collection(site_root()))
    response = client.get(document.url)
    assert response.status_code == 200
    assert served_bytes(response) == data
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'"


# Where a tool is used ----------------------------------------------------------------------


@pytest.mark.django_db
def test_tool_used_by_a_guide_step_lists_that_level(client):
    document = with_tools([tool("asq", "ASQ", "kartleggingsverktoy")])
    document["guide"]["levels"][1]["steps"][0]["tools"] = ["asq"]
    imported(document)
    asq = ToolPage.objects.get(exchange_id="asq")
    level_1 = GuideLevelPage.objects.get(number=1)
    level_0 = GuideLevelPage.objects.get(number=0)

    used_in = soup(client.get(asq.url)).select_one(".used-in")
    assert used_in is not None
    assert [a["href"] for a in used_in.select("a")] == [level_1.url]

    # An editor adds the tool to a step of level 0 and publishes: it shows up there too.
    steps = level_0.steps.get_prep_value()
    steps[0]["value"]["tools"].append({"type": "item", "value": asq.id, "id": str(uuid.uuid4())})
    level_0.steps = steps
    level_0.save_revision().publish()

    used_in = soup(client.get(asq.url)).select_one(".used-in")
    assert [a["href"] for a in used_in.select("a")] == [level_0.url, level_1.url]


# Query budget ------------------------------------------------------------------------------


def sized_tools_model(count, name, host):
    document = example_document()
    document["municipality"]["name"] = name
    document["tools"] += [
        tool(
            f"verktoy-{i}",
            kind=KIND_ORDER[i % len(KIND_ORDER)] if i % 7 else None,
            audience="internal" if i % 5 == 0 else "public",
            url=f"https://www.example.no/verktoy-{i}.pdf",
            summary=f"Sammendrag {i}",
        )
        for i in range(count - 1)
    ]
    imported(document, hostname=host)
    root = site_root(host)
    public, private = public_collection(root), private_collection(root)
    for index, page in enumerate(ToolPage.objects.descendant_of(root).order_by("path")):
        if index % 3:  # two thirds with a document, some of them private
            collection = private if index % 2 else public
            add_document(page, b"%PDF-1.4\n" + b"z" * index, f"v-{host}-{index}.pdf", collection)


@pytest.mark.django_db
def test_query_count_of_the_index_does_not_grow_with_the_tools(client, employee):
    sized_tools_model(3, "Litenvik kommune", "liten.example")
    sized_tools_model(30, "Storvik kommune", "stor.example")
    for user in (None, employee):
        if user:
            client.force_login(user)
        counts = {
            host: count_queries(client, tool_index_url(host), host)
            for host in ("liten.example", "stor.example")
        }
        assert counts["liten.example"] == counts["stor.example"], counts
    # And the big index does show the documents.
    page = soup(client.get(tool_index_url("stor.example"), HTTP_HOST="stor.example"))
    assert len(page.select(".tool")) == 30
    assert len(page.select('.tool-file a[href^="/dokumenter/"]')) == 20


# The demo documents ------------------------------------------------------------------------


def demo_attachments():
    return {
        page.exchange_id: page.document
        for page in ToolPage.objects.filter(document__isnull=False).select_related(
            "document__collection"
        )
    }


@pytest.mark.django_db
def test_load_demo_documents_attaches_documents_and_is_idempotent(client, employee, media_root):
    imported(demo_document())
    out = io.StringIO()
    call_command("load_demo_documents", stdout=out, stderr=io.StringIO())
    attached = demo_attachments()
    assert len(attached) >= 4
    assert {"samtykkeskjema", "mal-tiltaksplan", "asq", "sjekkliste-fravaer"} <= set(attached)
    private = "Interne dokumenter – Fjordvik kommune"
    public = "Dokumenter – Fjordvik kommune"
    assert attached["sjekkliste-fravaer"].collection.name == private
    assert attached["samtykkeskjema"].collection.name == public
    assert {ToolPage.objects.get(exchange_id=k).tool_kind for k in attached} >= {
        "skjema",
        "mal",
        "kartleggingsverktoy",
    }
    # Each tool has a published revision with its document.
    for key, document in attached.items():
        page = ToolPage.objects.get(exchange_id=key)
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision.as_object().document_id == document.id

    # Small, real files: a PDF with its title, a DOCX that is a valid Office Open XML package.
    pdf = attached["samtykkeskjema"]
    with pdf.open_file() as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert b"Felles samtykkeskjema for samarbeid" in data
    assert pdf.file_size == len(data) < 8000
    assert pdf.file_extension == "pdf"
    docx = attached["mal-tiltaksplan"]
    assert docx.file_extension == "docx"
    with docx.open_file() as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        body = ElementTree.fromstring(archive.read("word/document.xml"))  # noqa: S314
        assert "[Content_Types].xml" in archive.namelist()
    words = "".join(body.itertext())
    assert "Mal for tiltaksplan med evaluering" in words
    assert "Fjordvik kommune" in words  # {municipality} filled in

    # The demo's private document is refused anonymously, the public one is served.
    assert client.get(attached["sjekkliste-fravaer"].url).status_code == 302
    assert client.get(pdf.url).status_code == 200

    # Again: nothing new.
    before = {
        "documents": Document.objects.count(),
        "collections": Collection.objects.count(),
        "revisions": {k: ToolPage.objects.get(exchange_id=k).revisions.count() for k in attached},
        "files": sorted(p.name for p in (media_root / "documents").iterdir()),
    }
    out = io.StringIO()
    call_command("load_demo_documents", stdout=out)
    after = {
        "documents": Document.objects.count(),
        "collections": Collection.objects.count(),
        "revisions": {k: ToolPage.objects.get(exchange_id=k).revisions.count() for k in attached},
        "files": sorted(p.name for p in (media_root / "documents").iterdir()),
    }
    assert after == before
    assert demo_attachments() == attached
    assert "0 attached, 0 updated" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_documents_repairs_a_missing_file_and_keeps_others_documents(media_root):
    # On a site of its own (--site), not the default one.
    imported(demo_document(), hostname="fjordvik.example")
    with pytest.raises(CommandError, match="No samhandlingsmodell"):
        call_command("load_demo_documents")  # the default site is Wagtail's welcome page
    call_command("load_demo_documents", site="fjordvik.example", stdout=io.StringIO())
    attached = demo_attachments()
    # A file lost from the media folder is written again, in the same document.
    lost = attached["asq"]
    lost.file.storage.delete(lost.file.name)
    # A tool whose document an editor chose elsewhere is left alone.
    own = Document(title="Eget skjema", collection=Collection.get_first_root_node())
    own.file.save("eget.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    own.save()
    form = ToolPage.objects.get(exchange_id="samtykkeskjema")
    form.document = own
    form.save_revision().publish()

    call_command(
        "load_demo_documents", site="fjordvik.example", stdout=io.StringIO(), stderr=io.StringIO()
    )
    again = demo_attachments()
    assert again["asq"].id == lost.id
    assert lost.file.storage.exists(again["asq"].file.name)
    assert again["samtykkeskjema"].id == own.id
