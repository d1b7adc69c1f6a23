"""Field-level diffs (changed scalars, added and removed keys, list insertions)
and inline diffs inside a changed string."""

from __future__ import annotations

import random
import time

import pytest

from harness.diff import Change, diff
from harness.inline import clip_inline, inline, render_inline, tokenize

BODY = [{"kind": "paragraph", "text": f"Paragraph {i}."} for i in range(5)]

SENTENCE = (
    "If you’re a regular user on Chinese lifestyle sharing app Xiaohongshu, you "
    "might be baffled with a flood of English-language content, which only "
    "happened overnight."
)


def test_equal_records_have_no_changes():
    """Nothing to report when the records are equal."""
    assert diff({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]}) == []


def test_scalar_change_added_and_removed_keys():
    """Changed values, new keys and dropped keys are each named by path."""
    changes = diff({"title": "A", "gone": 1}, {"title": "B", "new": 2})
    assert changes == [
        Change("gone", "removed", old=1),
        Change("new", "added", new=2),
        Change("title", "changed", old="A", new="B"),
    ]
    assert changes[2].describe() == "changed: '[-A-]{+B+}'"


def test_non_string_change_shows_both_values():
    """A number or a type change reads "changed from X to Y"."""
    [change] = diff({"views": 17}, {"views": None})
    assert change.describe() == "changed from 17 to None"


def test_blocks_appended_to_a_list_read_as_an_insertion():
    """Tag lines appended to the body are one insertion, not a change of every block."""
    leaked = [
        {"kind": "paragraph", "text": t} for t in ("mydisktest_v298 (34)", "pts/1 (33)")
    ]
    changes = diff({"body": BODY}, {"body": BODY + leaked})
    assert changes == [Change("body[5]", "inserted", new=leaked)]
    assert (
        changes[0].describe()
        == "2 items inserted: 'mydisktest_v298 (34)', 'pts/1 (33)'"
    )


def test_block_edited_in_place_is_diffed_inside():
    """A paragraph edited in place is reported at its text, not as delete plus insert."""
    edited = [*BODY[:2], {"kind": "paragraph", "text": "Edited."}, *BODY[3:]]
    assert diff(BODY, edited) == [
        Change("[2].text", "changed", old="Paragraph 2.", new="Edited.")
    ]


def test_truncated_list_reads_as_deletion():
    """Lost trailing blocks are one deletion with a count."""
    changes = diff({"body": BODY}, {"body": BODY[:2]})
    assert changes == [Change("body[2]", "deleted", old=BODY[2:])]
    assert changes[0].describe().startswith("3 items deleted: 'Paragraph 2.'")


# -- inline ---------------------------------------------------------------------


def sides(segments: list[tuple[str, str]]) -> tuple[str, str]:
    """The old and the new string a list of segments stands for."""
    old = "".join(text for kind, text in segments if kind != "insert")
    new = "".join(text for kind, text in segments if kind != "delete")
    return old, new


PAIRS = [
    pytest.param(SENTENCE, SENTENCE.replace("baffled", "puzzled"), id="one-word"),
    pytest.param("the quick brown fox", "a slow red fox", id="reworded"),
    pytest.param("小红书App 的 downloads", "小绿书App 的下载量", id="mixed-cjk"),
    pytest.param("更多内容请下载21财经APP", "请下载APP。", id="chinese"),
    pytest.param("ひらがなとカタカナ", "ひらがなと片仮名", id="japanese"),
    pytest.param("한국어 텍스트입니다", "한국어 문장입니다", id="korean"),
    pytest.param("line one\nline two", "line one\n\nline 2", id="newlines"),
    pytest.param("", "new text", id="from-empty"),
    pytest.param("old text", "", id="to-empty"),
    pytest.param("same", "same", id="equal"),
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_inline_segments_join_back_into_both_strings(old, new):
    """Equal+delete segments give the old string, equal+insert the new one."""
    assert sides(inline(old, new)) == (old, new)


def test_inline_round_trip_on_random_mixed_text():
    """The round trip holds for random mixes of words, CJK, marks and whitespace."""
    alphabet = ["word", "App", "42", " ", "  ", "\n", ",", ".", "’", "小", "红", "书"]
    alphabet += ["の", "カ", "한", "글", "é", "<", "*", "_", "[", "]", "\t", "🙂"]
    rng = random.Random(20250204)
    for _ in range(300):
        old = "".join(rng.choices(alphabet, k=rng.randrange(0, 30)))
        new = "".join(rng.choices(alphabet, k=rng.randrange(0, 30)))
        assert sides(inline(old, new)) == (old, new), (old, new)


def test_tokens_are_words_and_single_cjk_characters():
    """Latin words stay whole; each Han, kana or hangul character is its own token."""
    assert tokenize("小红书App 的 downloads, カナ한글") == [
        *"小红书",
        "App",
        " ",
        "的",
        " ",
        "downloads",
        ",",
        " ",
        *"カナ한글",
    ]


def test_inline_is_word_level_for_latin_text():
    """A changed word is deleted and inserted whole, not letter by letter."""
    assert inline("might be baffled with", "might be puzzled with") == [
        ("equal", "might be "),
        ("delete", "baffled"),
        ("insert", "puzzled"),
        ("equal", " with"),
    ]


def test_inline_is_character_level_for_cjk_text():
    """One changed Han character is the whole change, not the whole phrase."""
    assert inline("小红书App", "小绿书App") == [
        ("equal", "小"),
        ("delete", "红"),
        ("insert", "绿"),
        ("equal", "书App"),
    ]


def test_reworded_phrase_is_one_replacement():
    """Replaced words separated by single spaces read as one replaced phrase."""
    assert inline("the quick brown fox", "a slow red fox") == [
        ("delete", "the quick brown"),
        ("insert", "a slow red"),
        ("equal", " fox"),
    ]


def test_long_repetitive_text_is_diffed_quickly():
    """Repetitive CJK text (difflib's worst case) is matched sentence by sentence."""
    old = "旧的段落文字。" * 700 + "<script>x</script>"
    new = "新的段落文字。" * 700 + "<script>y</script>"
    start = time.perf_counter()
    segments = inline(old, new)
    assert time.perf_counter() - start < 5
    assert sides(segments) == (old, new)
    assert segments[:3] == [
        ("delete", "旧"),
        ("insert", "新"),
        ("equal", "的段落文字。"),
    ]


SEGMENTS = inline("a <b> & *c* d", "a <b> & _e_ d")


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("text", "a <b> & *[-c-]{+e+}* d"),
        ("html", "a &lt;b&gt; &amp; *<del>c</del><ins>e</ins>* d"),
    ],
)
def test_render_inline_text_and_html(style, expected):
    """Text marks changes like git's word diff; HTML escapes every piece."""
    segments = inline("a <b> & *c* d", "a <b> & *e* d")
    assert render_inline(segments, style=style) == expected


def test_render_inline_markdown():
    """Markdown strikes the old words and bolds the new ones."""
    segments = inline(SENTENCE, SENTENCE.replace("baffled", "puzzled"))
    assert "might be ~~baffled~~**puzzled** with" in render_inline(
        segments, style="markdown"
    )


def test_html_rendering_escapes_a_script_tag():
    """A <script> in page text, changed or not, never reaches the HTML as a tag."""
    segments = inline("<script>alert(1)</script>", "<script>alert(2)</script>")
    shown = render_inline(segments, style="html")
    assert "<script>" not in shown
    assert shown == ("&lt;script&gt;alert(<del>1</del><ins>2</ins>)&lt;/script&gt;")


def test_markdown_rendering_escapes_special_characters():
    """*, _, [ ], < and ~ in page text are escaped, in unchanged and changed text."""
    segments = inline("x *a* _b_ [c] <script>", "x *a* _b_ [d] <script> ~~")
    assert render_inline(segments, style="markdown") == (
        r"x \*a\* \_b\_ \[~~c~~**d**\] \<script\> **\~\~**"
    )


def test_markdown_markers_stay_where_github_renders_them():
    """A changed comma after a word takes the word along: ``a~~,~~`` would stay literal."""
    assert render_inline(inline("a, b", "a; b"), style="markdown") == "~~a,~~**a;** b"
    assert render_inline(inline("Hello.", "Hello!"), style="markdown") == (
        "~~Hello.~~**Hello!**"
    )


def test_markdown_markers_always_render():
    """On random edits a CommonMark parser turns every ~~ and ** we write into tags."""
    markdown_it = pytest.importorskip("markdown_it")  # installed with rich
    parser = markdown_it.MarkdownIt("commonmark").enable("strikethrough")
    # No * or ~ here: escaped, they rightly show as * and ~ in the output.
    alphabet = ["word", "b", " ", ",", ".", "(", ")", "“", "”", "_", "[", "<"]
    alphabet += ["小", "红", "，", "。", "\n", "'", "\\", "&", "é", "#", "©", "\t"]
    rng = random.Random(7)
    for _ in range(1000):
        old = "".join(rng.choices(alphabet, k=rng.randrange(1, 12)))
        new = "".join(rng.choices(alphabet, k=rng.randrange(1, 12)))
        segments = inline(old, new)
        shown = parser.renderInline(render_inline(segments, style="markdown"))
        assert "~~" not in shown, (old, new, shown)
        assert "**" not in shown, (old, new, shown)
        assert "<" not in shown.replace("<s>", "").replace("</s>", "").replace(
            "<strong>", ""
        ).replace("</strong>", "").replace("<br />", ""), (old, new, shown)


def test_markdown_shows_a_whitespace_change():
    """A line break become a space shows as ↵ and ␣, with the words around it."""
    segments = inline("one\ntwo", "one two")
    assert render_inline(segments, style="markdown") == "~~one↵two~~**one␣two**"


def test_unknown_style_is_refused():
    """A typo in the style is a ValueError naming the known ones."""
    with pytest.raises(ValueError, match="text, markdown, html"):
        render_inline([], style="rst")  # type: ignore[arg-type]


def test_changed_string_message_shows_the_change_in_context():
    """A long paragraph's message is cut around the change, about 160 characters."""
    long_old = " ".join([SENTENCE] * 4)
    long_new = long_old.replace("overnight. If", "overnight! If", 1)
    message = Change("body[0].text", "changed", long_old, long_new).describe()
    assert message.startswith("changed: '… ")
    assert "only happened overnight[-.-]{+!+} If you’re" in message
    assert message.endswith("…'")
    assert len(message) <= 180


def test_clip_cuts_long_unchanged_stretches_between_changes():
    """Unchanged text between two changes far apart is cut to its two ends."""
    middle = " ".join(f"word{i}" for i in range(100))
    segments = inline(f"start {middle} end", f"begin {middle} finish")
    clipped = clip_inline(segments, limit=400)
    assert sides(clipped)[0].startswith("start word0 ")
    assert "…" in clipped[2][1]
    assert clipped[-1] == ("insert", "finish")


def test_clip_inline_keeps_a_short_stretch_between_changes_once():
    """An unchanged stretch shorter than two contexts is shown whole, not twice."""
    clipped = clip_inline(inline("x one two y", "z one two w"))
    assert clipped == [
        ("delete", "x"),
        ("insert", "z"),
        ("equal", " one two "),
        ("delete", "y"),
        ("insert", "w"),
    ]
