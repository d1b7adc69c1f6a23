"""The shortcuts of block keys and letter counts give what the full
normalisation and the regex give, on any text."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from harness.corpus.text import block_key
from harness.language import NOT_LETTERS, has_letters, letter_count

# Whitespace of every kind, characters NFKC turns into spaces or letters, and
# letters whose case folding differs from lower().
AWKWARD = " \t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2007\u2028\u3000\u00a8\ufb01ßİΣς\u212a"


def full_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


@given(st.text(alphabet=st.characters() | st.sampled_from(AWKWARD)))
def test_block_key_is_the_full_normalisation(text: str) -> None:
    assert block_key(text) == full_key(text)


@given(st.lists(st.text(min_size=1).filter(str.strip), min_size=1))
def test_a_bodys_key_is_its_blocks_keys_one_space_between(texts: list[str]) -> None:
    """What duplicate_bodies hashes: the key of the body as one text."""
    assert " ".join(map(block_key, texts)) == full_key("\n".join(texts))


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_letters_of_ascii_text_are_counted_as_the_regex_counts_them(text: str) -> None:
    """The ASCII shortcut of letter_count, and has_letters built on it."""
    letters = len(NOT_LETTERS.sub("", text))
    assert letter_count(text) == letters
    assert has_letters(text, 5) == (letters >= 5)


def test_no_whitespace_but_the_space_is_printable() -> None:
    """What block_key's shortcut rests on, checked on every code point of this
    Python's Unicode tables: isprintable() refuses all other whitespace."""
    printable = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if chr(code).isspace() and chr(code).isprintable()
    ]
    assert printable == ["0x20"]
