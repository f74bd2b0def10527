"""The model's glossary (ordforklaringer) where its texts use the terms.

The first use of a term on a page is marked: a link to the list "Ord på denne siden" at the end
of the page (works without JavaScript and on paper) that also carries the definition, shown on
hover and focus and read by screen readers through aria-describedby. Inflected forms count
("stafettholderen" for "Stafettholder"). The terms already marked are kept on the request, so
a term is marked once per page however many texts use it.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

SEEN_ATTRIBUTE = "_samhandling_glossary_seen"
# Text inside these elements is left alone: links must not nest, headings stay plain.
SKIPPED = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "button"}
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")


@dataclass(frozen=True)
class Term:
    term: str
    definition: str

    @property
    def anchor(self):
        return "ord-" + (slugify(self.term) or "term")

    @property
    def pattern(self):
        # The term, and the term with an inflection ending: "ansvarsgruppa", "stafettholderen".
        return re.compile(rf"(?<!\w)({re.escape(self.term)}\w{{0,4}})(?!\w)", re.IGNORECASE)


def glossary_terms(model_page):
    """The model's terms, longest first (so "ansvarsgruppemøte" wins over "ansvarsgruppe")."""
    if model_page is None:
        return []
    stream = getattr(model_page, "glossary", None)
    terms = []
    for block in getattr(stream, "raw_data", None) or []:
        value = block.get("value") or {}
        term, definition = (value.get("term") or "").strip(), value.get("definition") or ""
        if term and definition.strip():
            terms.append(Term(term, definition.strip()))
    return sorted(terms, key=lambda item: -len(item.term))


def seen_terms(request):
    """The terms marked so far on the page being rendered, in the order of first use."""
    if request is None:
        return {}
    if not hasattr(request, SEEN_ATTRIBUTE):
        setattr(request, SEEN_ATTRIBUTE, {})
    return getattr(request, SEEN_ATTRIBUTE)


def marked_word(word, term):
    return (
        f'<a class="term" href="#{term.anchor}" aria-describedby="{term.anchor}-tip">'
        f"{escape(word)}</a>"
        f'<span class="term__tip" id="{term.anchor}-tip" role="tooltip">'
        f"{escape(term.definition)}</span>"
    )


def mark_text(text, terms, seen):
    """Mark the first use of each term not yet seen in one piece of text (no tags in it).
    Marked words are kept as 1-tuples, so that a later term never matches inside them."""
    segments = [text]
    for term in terms:
        if term.anchor in seen:
            continue
        for index, segment in enumerate(segments):
            match = None if isinstance(segment, tuple) else term.pattern.search(segment)
            if match is not None:
                seen[term.anchor] = term
                marked = (marked_word(match.group(1), term),)
                segments[index : index + 1] = [
                    segment[: match.start()],
                    marked,
                    segment[match.end() :],
                ]
                break
    return "".join(segment[0] if isinstance(segment, tuple) else segment for segment in segments)


def mark_terms(html, terms, seen):
    """`html` (already safe) with the first use of each term marked, outside links and
    headings."""
    if not html or not terms:
        return html
    pieces, skipping = [], []
    for piece in TAG.split(str(html)):
        if piece.startswith("<"):
            name = TAG_NAME.match(piece)
            name = name.group(1).lower() if name else ""
            if name in SKIPPED:
                if piece.startswith("</"):
                    if skipping:
                        skipping.pop()
                elif not piece.endswith("/>"):
                    skipping.append(name)
            pieces.append(piece)
        elif skipping or not piece.strip():
            pieces.append(piece)
        else:
            pieces.append(mark_text(piece, terms, seen))
    return mark_safe("".join(pieces))  # noqa: S308 - only escaped words and definitions added
