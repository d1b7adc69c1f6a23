"""The secret scan's needles never hide a secret its pattern would find."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.checks.secrets import SECRET_KINDS, SecretKind, find_secrets


@pytest.mark.parametrize("kind", SECRET_KINDS, ids=lambda kind: kind.name)
@given(data=st.data())
def test_every_match_holds_a_needle(kind: SecretKind, data: st.DataObject):
    text = data.draw(st.from_regex(kind.pattern))
    assert kind.may_occur(text)
    if kind.pattern.search(text):
        assert any(found is kind for found, _ in find_secrets(text))


@given(
    text=st.text(st.sampled_from("ab.-_@ \n") | st.characters(), max_size=300)
    | st.lists(
        st.sampled_from(["a@b.co", "x.y@", "@@", " ", "mail@host.example", "é"])
    ).map("".join)
)
def test_searching_around_needles_finds_what_the_whole_text_search_finds(text: str):
    for kind in SECRET_KINDS:
        expected = [m.span() for m in kind.pattern.finditer(text)]
        assert [m.span() for m in kind.finditer(text)] == expected
