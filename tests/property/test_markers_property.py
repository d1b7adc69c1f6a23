"""The prose shortcut never skips a line that find_marker would flag."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from harness.checks.markers import find_marker, surely_prose

PIECES = st.sampled_from(
    [
        "A long sentence of ordinary article prose, well past any header's length, ",
        "and it goes on ",
        "Tags: a, b, c",
        "Related articles",
        "【相关推荐】",
        "- a bullet",
        "* ",
        "parsevideo (33)",
        "更多内容请下载21财经APP",
        "下载21财经APP",
        "Download our app for the whole story and much more besides that",
        "Subscribe to our newsletter",
        "Follow us on Twitter for more",
        "Newsletter abonnieren",
        "Get the free app today",
        "关注我们的公众号",
        "\n",
        "\r\n",
        "\u2028",
        " ",
        "：",
        "x" * 70,
    ]
)


@given(st.lists(PIECES | st.text(max_size=30), max_size=12).map("".join))
def test_surely_prose_means_no_marker_on_any_line(text: str):
    if surely_prose(text):
        assert [line for line in text.splitlines() if find_marker(line)] == []
