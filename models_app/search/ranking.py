"""Rank a site's visible pages for a query, and show the matching words in context.

Any word may match (a page with more of them first), titles weigh more than body text, and
the page type is a reason to rank: a service for a service's name. The words are matched by
`words.py`, the same on every database; on PostgreSQL, Wagtail's full-text search with the
`norwegian` configuration adds what its stemmer knows (one more query).
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.blocks import StreamValue
from wagtail.search import index

from models_app.services.models import ServicePage
from models_app.tools.models import ToolPage

from . import words

TITLE_WEIGHT = 3.0
# A page of this type whose title matches ranks above a longer text that mentions the words.
TYPE_BONUS = {ServicePage: 1.5, ToolPage: 0.5}
FULL_TEXT_BONUS = 0.5
SNIPPET_CHARS = 180


@dataclass
class Ranked:
    page: object
    matched: int  # how many of the query's words the page matches
    score: float
    body: str = field(repr=False)
    marks: dict = field(repr=False)  # word of the page → strength

    @property
    def order(self):
        return (-self.matched, -self.score, self.page.title.casefold())


def strings(value):
    """Every piece of text in a field value; a StreamField by its raw data, so that choosers
    inside it cost no query."""
    if isinstance(value, StreamValue):
        return strings(value.raw_data)
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list | tuple) or hasattr(value, "raw_data"):
        return [text for item in value for text in strings(item)]
    if isinstance(value, str):
        return [strip_tags(value)]
    return []


def body_text(page):
    """The page's searchable text other than its title, as Wagtail's search fields name it."""
    parts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, index.SearchField) or search_field.field_name == "title":
            continue
        parts.extend(strings(getattr(page, search_field.field_name, None)))
    return " ".join(part.strip() for part in parts if part and part.strip())


def rank(pages, typed_words, full_text_ids=frozenset()):
    """The pages that match any typed word, best first."""
    texts = [(page, page.title, body_text(page)) for page in pages]
    vocabulary = {word for _page, title, body in texts for word in words.words(f"{title} {body}")}
    table = words.matcher(typed_words, vocabulary)
    ranked = []
    for page, title, body in texts:
        title_words, body_words = set(words.words(title)), set(words.words(body))
        matched, score, marks = 0, 0.0, {}
        title_hit = False
        for typed in typed_words:
            found = table[typed]
            in_title = max((found.get(word, 0) for word in title_words), default=0)
            in_body = max((found.get(word, 0) for word in body_words), default=0)
            if in_title or in_body:
                matched += 1
                score += max(TITLE_WEIGHT * in_title, in_body)
                title_hit = title_hit or bool(in_title)
                marks.update(
                    {word: found[word] for word in title_words | body_words if word in found}
                )
        if not matched:
            continue
        if title_hit:
            score += TYPE_BONUS.get(type(page), 0)
        if page.pk in full_text_ids:
            score += FULL_TEXT_BONUS
        ranked.append(Ranked(page, matched, score, body, marks))
    return sorted(ranked, key=lambda item: item.order)


def snippet(text, marks):
    """The part of `text` around its best matching word, the matching words marked (<mark>)."""
    if not text or not marks:
        return ""
    tokens = list(words.WORD.finditer(text))
    hits = [token for token in tokens if token.group().casefold() in marks]
    if not hits:
        return ""
    best = max(hits, key=lambda token: marks[token.group().casefold()])
    start = max(0, best.start() - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    if end < len(text):
        end = max(text.rfind(" ", start, end), best.end())
    pieces, position = [], start
    for token in hits:
        if token.start() < start or token.end() > end:
            continue
        pieces.append(escape(text[position : token.start()]))
        pieces.append(f"<mark>{escape(token.group())}</mark>")
        position = token.end()
    pieces.append(escape(text[position:end]))
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + re.sub(r"\s+", " ", "".join(pieces)) + suffix)  # noqa: S308 - escaped above
