"""Norwegian words as a visitor types them: how strongly a typed word matches a word of a page.

Employees search the way they speak: "barnevern" for "Barnevernstjenesten" (Norwegian writes
compounds as one word), "rusmiddel" for "rusmidler" (inflection), "barnvern" (a typo). The
rules here are small and written for bokmål and nynorsk; they run the same on every database,
so development (SQLite) finds what production finds.
"""

import re
from functools import lru_cache

WORD = re.compile(r"\w+")

# Words that say nothing on their own; dropped from a query that has other words.
STOP_WORDS = frozenset(
    [
        "og",
        "i",
        "på",
        "til",
        "for",
        "av",
        "med",
        "om",
        "som",
        "en",
        "ei",
        "et",
        "den",
        "det",
        "de",
        "der",
        "er",
        "at",
        "å",
        "fra",
        "har",
        "ved",
        "eller",
        "når",
        "hva",
        "hvem",
        "hvor",
        "jeg",
        "vi",
        "du",
        "eg",
        "me",
        "dei",
        "ho",
        "han",
        "seg",
        "sin",
        "sitt",
        "sine",
        "kan",
        "skal",
        "må",
        "ikkje",
        "ikke",
    ]
)

# Inflection endings, longest first (bokmål and nynorsk): "tjenestene", "rusmidlar", "barnets".
SUFFIXES = sorted(
    [
        "ene",
        "ane",
        "ers",
        "ens",
        "ets",
        "ernes",
        "enes",
        "aner",
        "ene",
        "er",
        "en",
        "et",
        "ar",
        "ande",
        "ende",
        "a",
        "e",
        "s",
    ],
    key=len,
    reverse=True,
)
MIN_STEM = 4

# A few words employees use for what the model calls otherwise.
SYNONYMS = {
    "bvt": ("barnevernstjenesten",),
    "barnevernet": ("barnevernstjenesten",),
    "helsesøster": ("helsesykepleier",),
    "helsesøstre": ("helsesykepleier",),
    "ppt": ("pedagogisk",),
    "bup": ("ungdomspsykiatrisk",),
    "nav": ("arbeids",),
    "rus": ("rusmidler",),
    "vold": ("overgrep",),
    "mobbing": ("krenkelser",),
    "fravær": ("skulk",),
}

# How much a match counts, by kind.
EXACT, STEM, PREFIX, PART, TYPO = 1.0, 0.9, 0.8, 0.7, 0.6


def words(text):
    return WORD.findall(text.casefold())


def query_words(text):
    """The words of a query that carry meaning, each once, in the order typed."""
    typed = list(dict.fromkeys(words(text)))
    meaningful = [word for word in typed if word not in STOP_WORDS]
    return meaningful or typed


@lru_cache(maxsize=20_000)
def key(word):
    """A word without its inflection, with -el/-er nouns' dropped e ("middel" → "midl",
    like "midler") and doubled letters single, so the forms of one word meet."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    word = re.sub(r"(?<=[^aeiouyæøå])e([lr])$", r"\1", word)
    return re.sub(r"(.)\1+", r"\1", word)


def within_one_edit(a, b):
    """Whether a and b differ by at most one inserted, deleted or changed letter."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def strength(typed, word):
    """How well a page's word matches a typed word: 0 (not at all) to 1 (the same word)."""
    if typed == word:
        return EXACT
    typed_key, word_key = key(typed), key(word)
    if typed_key == word_key:
        return STEM
    if len(typed_key) >= MIN_STEM and word_key.startswith(typed_key):
        return PREFIX
    if len(typed_key) >= 5 and typed_key in word_key:
        return PART
    if len(typed_key) >= 5 and any(
        within_one_edit(typed_key, word_key[:length])
        for length in (len(typed_key) - 1, len(typed_key), len(typed_key) + 1)
    ):
        return TYPO
    return 0.0


def matcher(typed_words, vocabulary):
    """For each typed word, the words of `vocabulary` it matches and how strongly; each word
    of the vocabulary is compared once per search, however many pages use it."""
    table = {}
    for typed in typed_words:
        forms = [typed, *SYNONYMS.get(typed, ())]
        found = {}
        for word in vocabulary:
            best = max(strength(form, word) * (1 if form == typed else STEM) for form in forms)
            if best:
                found[word] = best
        table[typed] = found
    return table
