"""Hypothesis strategies the property tests share: JSON values, records, text."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

# Every code point, lone surrogates and controls included: pages and records
# come from the web and from parsers, which can hold any of them.
any_text = st.text(st.characters(exclude_categories=()), max_size=200)
# Every code point but lone surrogates: what decoded pages and parsed records
# hold (the reports cannot encode a lone surrogate; see test_reports_property).
decoded_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text
)


def json_values(max_leaves: int = 20) -> st.SearchStrategy[Any]:
    """Arbitrary JSON: scalars, lists and objects nested a few levels."""
    return st.recursive(
        json_scalars,
        lambda inner: (
            st.lists(inner, max_size=5) | st.dictionaries(any_text, inner, max_size=5)
        ),
        max_leaves=max_leaves,
    )


# Records the way parsers make them: an object with article-like fields.
records = st.fixed_dictionaries(
    {},
    optional={
        "title": json_values(3),
        "body": st.lists(
            st.fixed_dictionaries({"kind": any_text, "text": any_text})
            | json_values(3),
            max_size=5,
        ),
        "credits": json_values(5),
        "published": json_values(1),
        "views": json_values(1),
        "language": json_values(1),
    },
).flatmap(
    lambda fixed: st.dictionaries(any_text, json_values(5), max_size=3).map(
        lambda extra: {**extra, **fixed}
    )
)

# Text lxml accepts in a tree: no C0 controls but tab, newline and return.
# (The article parser crashes on the others: see test_parsers_property.)
xml_text = st.text(
    st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from("\t\n\r"),
    max_size=200,
)

_tags = st.sampled_from(
    ["p", "div", "h1", "span", "script", "style", "br", "article", "a", "li", "!--"]
)


def html_of(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Tags, entities, CDATA and ``text`` strung together: HTML-ish pages."""
    return st.lists(
        st.one_of(
            text,
            _tags.map(lambda t: f"<{t}>"),
            _tags.map(lambda t: f"</{t}>"),
            st.sampled_from(
                ["&amp;", "&#0;", "&#x110000;", "<![CDATA[", "]]>", "<?xml?>"]
            ),
        ),
        max_size=30,
    ).map("".join)


html_ish = html_of(any_text)
xml_safe_html = html_of(xml_text)
