"""The Markdown subset <-> Wagtail rich-text HTML, and their round trip."""

import pytest

from models_app.core.markdown import html_to_markdown, markdown_to_html


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Hei", "<p>Hei</p>"),
        ("Ett avsnitt.\n\nEt annet.", "<p>Ett avsnitt.</p><p>Et annet.</p>"),
        ("Linje en\nlinje to", "<p>Linje en<br/>linje to</p>"),
        ("*kursiv* og _kursiv_", "<p><i>kursiv</i> og <i>kursiv</i></p>"),
        ("**fet** og __fet__", "<p><b>fet</b> og <b>fet</b></p>"),
        ("***begge***", "<p><i><b>begge</b></i></p>"),
        ("- a\n- b", "<ul><li>a</li><li>b</li></ul>"),
        ("* a\n+ b", "<ul><li>a</li><li>b</li></ul>"),
        ("1. a\n2. b", "<ol><li>a</li><li>b</li></ol>"),
        ("- a\n\n- b", "<ul><li>a</li><li>b</li></ul>"),
        ("- a\n  - b\n- c", "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"),
        ("Før\n\n- a\n\nEtter", "<p>Før</p><ul><li>a</li></ul><p>Etter</p>"),
        ("[Nav](https://www.nav.no)", '<p><a href="https://www.nav.no">Nav</a></p>'),
        ("[e-post](mailto:post@x.no)", '<p><a href="mailto:post@x.no">e-post</a></p>'),
        ("[ring](tel:+4799999999)", '<p><a href="tel:+4799999999">ring</a></p>'),
        ("[a](https://x.no/?a=1&b=2)", '<p><a href="https://x.no/?a=1&amp;b=2">a</a></p>'),
        ("A & B < C > D", "<p>A &amp; B &lt; C &gt; D</p>"),
    ],
)
def test_markdown_renders_the_subset(markdown, expected):
    assert markdown_to_html(markdown) == expected


def test_loose_list_items_hold_their_text_directly():
    assert markdown_to_html("- a\n\n  b\n- c") == "<ul><li>a<br/><br/>b</li><li>c</li></ul>"


def test_raw_html_is_escaped():
    assert markdown_to_html("<script>alert(1)</script>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


@pytest.mark.parametrize(
    "markdown",
    [
        "[klikk](javascript:alert(1))",
        "[klikk](JavaScript:alert(1))",
        "[klikk](data:text/html,x)",
        "[klikk](/relativ/side)",
        "[klikk](ftp://x.no)",
    ],
)
def test_links_other_than_http_mailto_tel_keep_only_their_text(markdown):
    assert markdown_to_html(markdown) == "<p>klikk</p>"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("# Overskrift", "<p># Overskrift</p>"),
        ("> sitat", "<p>&gt; sitat</p>"),
        ("`kode`", "<p>`kode`</p>"),
        ("```\nkode\n```", "<p>```<br/>kode<br/>```</p>"),
        ("![bilde](https://x.no/a.png)", "<p>![bilde](https://x.no/a.png)</p>"),
        ("<https://x.no>", "<p>&lt;https://x.no&gt;</p>"),
        ("a | b\n--|--\n1 | 2", "<p>a | b<br/>--|--<br/>1 | 2</p>"),
        ("&amp;", "<p>&amp;amp;</p>"),
    ],
)
def test_constructs_outside_the_subset_show_as_text(markdown, expected):
    assert markdown_to_html(markdown) == expected


@pytest.mark.parametrize("markdown", ["", "   ", "\n\n \t\n"])
def test_blank_markdown_is_empty_html(markdown):
    assert markdown_to_html(markdown) == ""


@pytest.mark.parametrize(
    ("rich_text", "expected"),
    [
        ("<p>Hei</p>", "Hei"),
        ("<p>a</p><p>b</p>", "a\n\nb"),
        ('<p data-block-key="x1">a<br/>b</p>', "a\nb"),
        ("<p><b>fet</b> <strong>sterk</strong></p>", "**fet** **sterk**"),
        ("<p><i>kursiv</i> <em>kursiv</em></p>", "*kursiv* *kursiv*"),
        ('<p><a href="https://nav.no">Nav</a></p>', "[Nav](https://nav.no)"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
        ("<ul><li>a<ul><li>b</li></ul></li></ul>", "- a\n  - b"),
        ("<h2>Tittel</h2><p>Tekst</p>", "Tittel\n\nTekst"),
        ("<p>A &amp; B &lt;c&gt;</p>", "A & B <c>"),
        ("<p>1. ikke en liste, *ikke* _kursiv_</p>", "1\\. ikke en liste, \\*ikke\\* \\_kursiv\\_"),
        ("<p>- a</p><p># b</p><p>&gt; c</p>", "\\- a\n\n\\# b\n\n\\> c"),
        ('<p>Bilde: <embed embedtype="image" id="1"/> <u>under</u></p>', "Bilde:  under"),
        ("<p><b>fet </b>tekst</p>", "**fet** tekst"),
        ('<p><a href="javascript:alert(1)">x</a></p>', "x"),
        ("", ""),
    ],
)
def test_rich_text_becomes_canonical_markdown(rich_text, expected):
    assert html_to_markdown(rich_text) == expected


def test_page_links_use_the_resolver():
    rich_text = '<p>Se <a linktype="page" id="3">siden</a>.</p>'
    urls = {3: "https://www.x.no/side/"}
    assert html_to_markdown(rich_text, urls.get) == "Se [siden](https://www.x.no/side/)."
    assert html_to_markdown(rich_text, {}.get) == "Se siden."
    assert html_to_markdown(rich_text) == "Se siden."


def test_other_wagtail_link_types_keep_only_their_text():
    assert html_to_markdown('<p><a linktype="document" id="2">skjema</a></p>') == "skjema"


ROUND_TRIP_INPUTS = [
    "Enkel tekst",
    "Ett avsnitt.\n\nEt annet med *kursiv*, **fet** og [lenke](https://x.no/a_b?c=1&d=2).",
    "- a\n- b\n\n1. en\n2. to",
    "* stjerne\n+ pluss\n- minus",
    "- a\n  - b\n    - c\n\n  tekst etter\n- d",
    "- a\n\n  b\n- c",
    "1. a\n\n   1. b\n\n3. c",
    "# ikke overskrift\n> ikke sitat\n`ikke kode`",
    "<script>alert('x')</script> & &amp; &lt; <b>fet?</b>",
    "Stjerner * og _ understrek_ og \\* escapet \\\\ bakstrek",
    "snake_case_navn og 2*3*4",
    "[ikke lenke] og [lenke](https://x.no/(parentes)) og ![bilde](https://x.no/b.png)",
    "!\\[x](https://x.no) og ![y](javascript:z)",
    "1. liste\n\n10) ikke samme liste\n\n2\\. ikke liste",
    "linje\\\nmed\\\n\\\nharde brudd",
    "slutt med mellomrom  \nog to",
    "***begge*** **fet *og kursiv***  _a_*b*",
    "a*.b*c og **a**_b_ og *a **b** c*",
    "[e-post](mailto:post@x.no) [tlf](tel:+4799) [usikker](javascript:alert(1))",
    "Æ ø å – «sitat» — \u00a0hardt mellomrom\u00a0",
    "-\n- tom\n-\n\n1.",
    "- - nøstet\n- 1. nummer",
    "tekst\n- liste rett etter",
    "Tall 1.5 og 2) og #hashtag og - strek",
]


@pytest.mark.parametrize("text", ROUND_TRIP_INPUTS)
def test_markdown_survives_a_round_trip_through_rich_text(text):
    rich_text = markdown_to_html(text)
    assert markdown_to_html(html_to_markdown(rich_text)) == rich_text


@pytest.mark.parametrize("text", ROUND_TRIP_INPUTS)
def test_canonical_markdown_is_a_fixed_point(text):
    canonical = html_to_markdown(markdown_to_html(text))
    assert html_to_markdown(markdown_to_html(canonical)) == canonical


def test_entities_survive_the_round_trip():
    rich_text = "<p>A &amp; B &lt;c&gt; &amp;amp;</p>"
    assert html_to_markdown(rich_text) == "A & B <c> &amp;"
    assert markdown_to_html(html_to_markdown(rich_text)) == rich_text
