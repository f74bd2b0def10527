"""The bokmål and nynorsk catalogues are complete: every interface string is translated."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def entries(language):
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    return [block for block in text.split("\n\n") if "msgid" in block]


def joined(block, keyword):
    """The value of msgid/msgstr (the first form of a plural), joining continuation lines."""
    match = re.search(rf'^{keyword}(?:\[0\])? ((?:".*"\n?)+)', block, re.MULTILINE)
    return "".join(re.findall(r'"(.*)"', match.group(1))) if match else ""


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_catalogue_has_every_string_translated(language):
    blocks = entries(language)[1:]  # the first entry is the header
    assert len(blocks) > 150
    untranslated = [joined(b, "msgid") for b in blocks if not joined(b, "msgstr")]
    fuzzy = [joined(b, "msgid") for b in blocks if "#, fuzzy" in b]
    assert untranslated == []
    assert fuzzy == []


def test_both_catalogues_hold_the_same_strings():
    def msgids(language):
        return {joined(block, "msgid") for block in entries(language)}

    assert msgids("nb") == msgids("nn")
