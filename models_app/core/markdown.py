"""The exchange format's Markdown subset <-> Wagtail rich-text storage HTML.

The subset: paragraphs, `-`/`1.` lists, `*emphasis*`, `**strong**` and `[links](https://…)`.
Anything else (headings, code, quotes, images, raw HTML) is shown as the text it was typed as.

Both directions go through one small document model and the same normalisation, so that
Markdown -> HTML -> Markdown -> HTML gives the HTML of the first step back:

- a block is a `_Para` (inline content) or a `_List` (items; an item is a list of blocks);
- inline content is a list of `str` and `_Span` ("i", "b" or "a"); "\\n" in a string is a line
  break (`<br/>`), since neither Markdown text nor rich text can hold a raw newline otherwise.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

ALLOWED_SCHEMES = ("http://", "https://", "mailto:", "tel:")

# Trying every `*`/`_` choice costs 2**n parses; beyond this the first guess is kept.
_MAX_DELIMITER_SEARCH = 8


@dataclass
class _Span:
    kind: str  # "i", "b" or "a"
    children: list = field(default_factory=list)
    href: str = ""


@dataclass
class _Para:
    inlines: list


@dataclass
class _List:
    ordered: bool
    items: list  # each item: a list of _Para / _List


# --- Markdown -> model ------------------------------------------------------------------


def _image_as_text(state: StateInline, silent: bool) -> bool:
    """Images are not in the subset: keep `![` as text so `![alt](src)` is not a link either."""
    if state.src.startswith("![", state.pos):
        if not silent:
            state.pending += "!["
        state.pos += 2
        return True
    return False


def _make_parser() -> MarkdownIt:
    parser = MarkdownIt("zero").enable(["list", "emphasis", "link", "newline", "escape"])
    # Accept every destination while parsing; unsafe ones are unwrapped to their text in
    # _clean_inlines, so `[x](javascript:…)` shows "x" rather than its source.
    parser.validateLink = lambda url: True
    parser.inline.ruler.before("link", "image_as_text", _image_as_text)
    return parser


_PARSER = _make_parser()

_SPAN_KINDS = {"em_open": "i", "strong_open": "b", "link_open": "a"}


def _inline_model(tokens) -> list:
    root: list = []
    stack = [root]
    for token in tokens:
        if token.type == "text":
            stack[-1].append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            stack[-1].append("\n")
        elif token.type in _SPAN_KINDS:
            span = _Span(_SPAN_KINDS[token.type], [], str(token.attrGet("href") or ""))
            stack[-1].append(span)
            stack.append(span.children)
        elif token.type.endswith("_close"):
            stack.pop()
    return root


def _block_model(tokens) -> list:
    root: list = []
    stack = [root]
    for token in tokens:
        if token.type == "inline":
            stack[-1].append(_Para(_inline_model(token.children or [])))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            block = _List(token.type == "ordered_list_open", [])
            stack[-1].append(block)
            stack.append(block.items)
        elif token.type == "list_item_open":
            item: list = []
            stack[-1].append(item)
            stack.append(item)
        elif token.type in ("bullet_list_close", "ordered_list_close", "list_item_close"):
            stack.pop()
    return root


# --- normalisation (shared by both directions) ------------------------------------------


def is_allowed_href(href: str) -> bool:
    """Whether a link to `href` is kept (http, https, mailto and tel only)."""
    return href.lower().startswith(ALLOWED_SCHEMES)


# CommonMark's "Unicode whitespace": emphasis cannot start or end next to it.
_WHITESPACE = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_LEADING_WHITESPACE = re.compile(f"^[{_WHITESPACE}]*")
_TRAILING_WHITESPACE = re.compile(f"[{_WHITESPACE}]*\\Z")
_BREAK_SPACES = re.compile(r"[ \t]*\n[ \t]*")


def _merge(nodes: list) -> list:
    """Join neighbouring strings, and neighbouring <i>/<b> (Markdown cannot keep them apart)."""
    out: list = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif (
            isinstance(node, _Span)
            and node.kind != "a"
            and out
            and isinstance(out[-1], _Span)
            and out[-1].kind == node.kind
        ):
            out[-1] = _Span(node.kind, _merge(out[-1].children + node.children))
        elif node != "":
            out.append(node)
    return out


def _hoist_whitespace(children: list) -> tuple[str, list, str]:
    """Split edge whitespace off emphasis: `<b>a </b>` cannot be written in Markdown."""
    children = list(children)
    lead = trail = ""
    if children and isinstance(children[0], str):
        lead = _LEADING_WHITESPACE.match(children[0])[0]
        children[0] = children[0][len(lead) :]
    if children and isinstance(children[-1], str):
        trail = _TRAILING_WHITESPACE.search(children[-1])[0]
        children[-1] = children[-1][: len(children[-1]) - len(trail)]
    return lead, [child for child in children if child != ""], trail


def _clean_inlines(nodes: list, inside: frozenset = frozenset()) -> list:
    out: list = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        children = _clean_inlines(node.children, inside | {node.kind})
        if node.kind in inside or (node.kind == "a" and not is_allowed_href(node.href)):
            out.extend(children)  # <i> in <i>, a link in a link, an unsafe link: keep the text
        elif node.kind == "a":
            # Even an empty link stays: the `)` before an emphasis delimiter can matter.
            out.append(_Span("a", children, node.href))
        else:
            lead, core, trail = _hoist_whitespace(children)
            out.extend([lead, _Span(node.kind, core), trail] if core else [lead, trail])
    # Markdown drops spaces around a line break, so the HTML must not have them either.
    return [
        _BREAK_SPACES.sub("\n", node) if isinstance(node, str) else node for node in _merge(out)
    ]


def _normalize_run(nodes: list) -> list:
    nodes = _clean_inlines(nodes)
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return [node for node in nodes if node != ""]


def _normalize_blocks(blocks: list) -> list:
    out: list = []
    for block in blocks:
        if isinstance(block, _Para):
            inlines = _normalize_run(block.inlines)
            if inlines:
                out.append(_Para(inlines))
            continue
        items = [_normalize_item(item) for item in block.items]
        if out and isinstance(out[-1], _List) and out[-1].ordered == block.ordered:
            out[-1] = _List(block.ordered, out[-1].items + items)  # Markdown merges them too
        elif items:
            out.append(_List(block.ordered, items))
    return out


def _normalize_item(parts: list) -> list:
    """List items hold inline content directly: paragraphs become lines a blank line apart."""
    out: list = []
    for part in _normalize_blocks(parts):
        if isinstance(part, _Para) and out and isinstance(out[-1], _Para):
            out[-1] = _Para(_normalize_run([*out[-1].inlines, "\n\n", *part.inlines]))
        else:
            out.append(part)
    return out


# --- model -> HTML ----------------------------------------------------------------------


def _html_inlines(nodes: list) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(html.escape(node, quote=False).replace("\n", "<br/>"))
        elif node.kind == "a":
            out.append(f'<a href="{html.escape(node.href)}">{_html_inlines(node.children)}</a>')
        else:
            out.append(f"<{node.kind}>{_html_inlines(node.children)}</{node.kind}>")
    return "".join(out)


def _html_blocks(blocks: list) -> str:
    out = []
    for block in blocks:
        if isinstance(block, _Para):
            out.append(f"<p>{_html_inlines(block.inlines)}</p>")
        else:
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{_html_item(item)}</li>" for item in block.items)
            out.append(f"<{tag}>{items}</{tag}>")
    return "".join(out)


def _html_item(parts: list) -> str:
    return "".join(
        _html_inlines(part.inlines) if isinstance(part, _Para) else _html_blocks([part])
        for part in parts
    )


def markdown_to_html(text: str) -> str:
    """Render the Markdown subset as Wagtail rich-text storage HTML ("" for blank input)."""
    if not text or not text.strip():
        return ""
    return _html_blocks(_normalize_blocks(_block_model(_PARSER.parse(text))))


# --- HTML -> model ----------------------------------------------------------------------

_VOID_TAGS = {"br", "img", "embed", "hr", "input", "wbr", "area", "col", "source", "meta", "link"}
_SKIPPED_TAGS = {"script", "style", "template", "head", "title"}
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6"}
_LIST_TAGS = {"ul", "ol"}
_INLINE_KINDS = {"b": "b", "strong": "b", "i": "i", "em": "i"}
_INLINE_TAGS = {*_INLINE_KINDS, "a", "br"}


@dataclass
class _Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A forgiving HTML parser producing a tree of _Element and str."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag == "li":  # an open <li> ends at the next one
            self._close_until({"li"}, stop_at=_LIST_TAGS)
        elif tag in _PARAGRAPH_TAGS | _LIST_TAGS:
            self._close_until({"p"}, stop_at={"li"})
        element = _Element(tag, {key: value or "" for key, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        self._close_until({tag})

    def handle_data(self, data):
        self.stack[-1].children.append(data)

    def _close_until(self, tags: set, stop_at: frozenset | set = frozenset()):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag in stop_at:
                return
            if self.stack[depth].tag in tags:
                del self.stack[depth:]
                return


PageUrlResolver = Callable[[int], str | None]


class _HtmlReader:
    def __init__(self, resolve_page_url: PageUrlResolver | None):
        self.resolve_page_url = resolve_page_url

    def blocks(self, nodes: list) -> list:
        out: list = []
        pending: list = []  # inline content outside any paragraph
        for node in self._unwrap(nodes, keep=_PARAGRAPH_TAGS | _LIST_TAGS | _INLINE_TAGS | {"li"}):
            if isinstance(node, _Element) and node.tag in _PARAGRAPH_TAGS:
                out += [_Para(self.inlines(pending)), _Para(self.inlines(node.children))]
                pending = []
            elif isinstance(node, _Element) and node.tag in _LIST_TAGS | {"li"}:
                out += [_Para(self.inlines(pending)), self.list_block(node)]
                pending = []
            else:
                pending.append(node)
        return [*out, _Para(self.inlines(pending))]

    def list_block(self, element: _Element) -> _List:
        if element.tag == "li":  # a stray <li>: a one-item list
            return _List(False, [self.blocks(element.children)])
        items = [
            self.blocks(node.children if node.tag == "li" else [node])
            for node in self._unwrap(element.children, keep={"li"})
            if isinstance(node, _Element)
        ]
        return _List(element.tag == "ol", items)

    def inlines(self, nodes: list) -> list:
        out: list = []
        for node in self._unwrap(nodes, keep=_INLINE_TAGS):
            if isinstance(node, str):
                out.append(re.sub(r"[\r\n]+", " ", node))  # source newlines are just spaces
            elif node.tag == "br":
                out.append("\n")
            elif node.tag == "a":
                out.append(_Span("a", self.inlines(node.children), self._href(node.attrs)))
            else:
                out.append(_Span(_INLINE_KINDS[node.tag], self.inlines(node.children)))
        return out

    def _href(self, attrs: dict) -> str:
        """The link's URL; "" (so only its text is kept) when there is no usable one."""
        if attrs.get("linktype") == "page":
            page_id = attrs.get("id", "")
            if self.resolve_page_url is None or not page_id.isdigit():
                return ""
            return self.resolve_page_url(int(page_id)) or ""
        if attrs.get("linktype"):  # documents and other Wagtail link types
            return ""
        return attrs.get("href", "").strip()

    def _unwrap(self, nodes: list, keep: set):
        """Yield nodes, replacing elements whose tag is not in `keep` by their content."""
        for node in nodes:
            if isinstance(node, str) or node.tag in keep:
                yield node
            elif node.tag not in _SKIPPED_TAGS:
                yield from self._unwrap(node.children, keep)


# --- model -> Markdown ------------------------------------------------------------------

_TEXT_SPECIALS = re.compile(r"([\\`*_\[\]])")
_LINE_START_SPECIALS = re.compile(r"^([-+#>])|^([0-9]{1,9})([.)])(?=[ \t]|$)")


def _escape_line_start(text: str) -> str:
    return _LINE_START_SPECIALS.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def _escape_text(text: str, at_line_start: bool) -> str:
    lines = _TEXT_SPECIALS.sub(r"\\\1", text).split("\n")
    return "\n".join(
        _escape_line_start(line) if index or at_line_start else line
        for index, line in enumerate(lines)
    )


def _markdown_href(href: str) -> str:
    href = re.sub(r"\s", lambda m: quote(m[0]), href)  # a destination cannot hold whitespace
    href = re.sub(r"([\\()<>])", r"\\\1", href)
    return re.sub(r"&(?=#?[A-Za-z0-9]+;)", r"\\&", href)  # not an entity


class _InlineWriter:
    """Writes inline content; `choose` picks `*` or `_` for the n-th emphasis span."""

    def __init__(self, choose: Callable[[int, str], str]):
        self.choose = choose
        self.out: list[str] = []
        self.spans = 0

    def write(self, nodes: list) -> str:
        for node in nodes:
            if isinstance(node, str):
                at_line_start = not self.out or self.out[-1].endswith("\n")
                self.out.append(_escape_text(node, at_line_start))
            elif node.kind == "a":
                if self.out and self.out[-1].endswith("!"):  # `![` is not a link here
                    self.out[-1] = self.out[-1][:-1] + "\\!"
                self.out.append("[")
                self.write(node.children)
                self.out.append(f"]({_markdown_href(node.href)})")
            else:
                previous = self.out[-1][-1:] if self.out else ""
                delimiter = self.choose(self.spans, previous) * (2 if node.kind == "b" else 1)
                self.spans += 1
                self.out.append(delimiter)
                self.write(node.children)
                self.out.append(delimiter)
        return "".join(self.out)


def _first_guess(index: int, previous: str) -> str:
    # Keep delimiter runs of two spans apart: `**a**` + `*b*` would read as `**a***b*`.
    return "_" if previous == "*" else "*"


def _count_emphasis(nodes: list) -> int:
    return sum(
        (node.kind != "a") + _count_emphasis(node.children)
        for node in nodes
        if isinstance(node, _Span)
    )


def _parse_run(source: str) -> list:
    tokens = _PARSER.parseInline(source)
    return _normalize_run(_inline_model(tokens[0].children or []) if tokens else [])


def _exact_markdown(nodes: list) -> str | None:
    """Inline Markdown that parses back to `nodes`, or None if none was found.

    Whether `*` or `_` works for a span depends on the characters around it (CommonMark's
    flanking rules); rather than re-implement them, check the first guess and, when it reads
    back differently, try the other choices.
    """
    source = _InlineWriter(_first_guess).write(nodes)
    if _parse_run(source) == nodes:
        return source
    count = _count_emphasis(nodes)
    if count > _MAX_DELIMITER_SEARCH:
        return None
    for choices in itertools.product("*_", repeat=count):
        candidate = _InlineWriter(lambda index, _previous, c=choices: c[index]).write(nodes)
        if _parse_run(candidate) == nodes:
            return candidate
    return None


def _unwrap_emphasis(nodes: list, drop: Container[int]) -> list:
    """`nodes` without the emphasis spans numbered (in document order) in `drop`."""
    numbers = itertools.count()

    def walk(nodes: list) -> list:
        out = []
        for node in nodes:
            number = next(numbers) if isinstance(node, _Span) and node.kind != "a" else None
            if isinstance(node, str):
                out.append(node)
            elif number in drop:
                out += walk(node.children)
            else:
                out.append(_Span(node.kind, walk(node.children), node.href))
        return out

    return _normalize_run(walk(nodes))


def _markdown_run(nodes: list) -> str:
    source = _exact_markdown(nodes)
    if source is not None:
        return source
    # Some emphasis has no Markdown form (in `a<b>(b)</b>`, `a**(b)**` is not bold): rather
    # than leave stray asterisks, drop one emphasis, or failing that all of it.
    count = _count_emphasis(nodes)
    for number in range(count):
        source = _exact_markdown(_unwrap_emphasis(nodes, {number}))
        if source is not None:
            return source
    return _InlineWriter(_first_guess).write(_unwrap_emphasis(nodes, range(count)))


def _run_lines(nodes: list) -> list[str]:
    lines = _markdown_run(nodes).split("\n")
    # An empty line would end the paragraph; a lone backslash is a line break instead.
    return [line or "\\" for line in lines]


def _list_lines(block: _List) -> list[str]:
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}. " if block.ordered else "- "
        content = _item_lines(item)
        if not content:
            lines.append(marker.rstrip())
            continue
        lines.append(marker + content[0])
        lines += [" " * len(marker) + line if line else "" for line in content[1:]]
    return lines


def _item_lines(parts: list) -> list[str]:
    lines: list[str] = []
    for previous, part in zip([None, *parts], parts, strict=False):
        if isinstance(part, _Para):
            part_lines = _run_lines(part.inlines)
            # Text after a sub-list needs a blank line, else it continues the last sub-item.
            blank = previous is not None
        else:
            part_lines = _list_lines(part)
            # An empty first sub-item ("-") cannot interrupt a paragraph.
            blank = isinstance(previous, _List) or (
                previous is not None and part_lines[0] in ("-", "1.")
            )
        lines += [""] * blank + part_lines
    return lines


def _block_lines(blocks: list) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines += _run_lines(block.inlines) if isinstance(block, _Para) else _list_lines(block)
    return lines


def html_to_markdown(rich_text: str, resolve_page_url: PageUrlResolver | None = None) -> str:
    """Write Wagtail rich-text HTML as canonical Markdown of the subset.

    Wagtail page links (`<a linktype="page" id="3">`) become links to
    `resolve_page_url(3)`; without a resolver, or when it returns None or a URL that is not
    http(s)/mailto/tel, only the link text is kept. Other elements are reduced to their text.
    """
    if not rich_text or not rich_text.strip():
        return ""
    builder = _TreeBuilder()
    builder.feed(rich_text)
    builder.close()
    blocks = _HtmlReader(resolve_page_url).blocks(builder.root.children)
    return "\n".join(_block_lines(_normalize_blocks(blocks)))
