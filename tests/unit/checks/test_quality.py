"""The data-quality rules, one at a time and together on the seed article."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from harness.checks.quality import (
    check_quality,
    clean_text,
    default_rules,
    language_matches,
    no_appended_markers,
    no_markup,
    published_between,
    required,
)
from harness.model import Finding, Site

HERE = Path(__file__).parent
PAGE = "seeds/aggregator/000_2481e01f35ff6df4.txt"
NOW = datetime(2025, 6, 1, tzinfo=UTC)
SITE = Site(
    name="aggregator",
    parser="aggregator",
    required=("title", "body", "published", "uploader", "views", "language"),
)
# The seed's article as the reference parser should see it, appended block included.
SEED_ARTICLE = json.loads((HERE / "seed_article.json").read_text(encoding="utf-8"))

GERMAN = (
    "Die Stadtverwaltung hat am Montag beschlossen, die Öffnungszeiten der "
    "öffentlichen Bäder im Sommer zu verlängern. Bürgerinnen und Bürger können "
    "künftig bis zweiundzwanzig Uhr schwimmen, während die Gebühren für Familien "
    "unverändert bleiben. Der Bürgermeister erklärte, man wolle damit auf die große "
    "Nachfrage während der Hitzewelle reagieren und zugleich die Jugendarbeit stärken."
)
CHINESE = (
    "小红书是一家总部位于上海的生活方式分享平台，近年来在年轻用户中迅速走红。"
    "本周，大量美国用户涌入该应用，他们自称为“难民”，并在评论区与中国网友热情互动。"
    "许多中国用户主动帮助新来的朋友理解应用的功能，还有人借机练习英语口语。"
    "分析人士认为，这种自发的跨文化交流虽然来得突然，但对增进两国普通民众之间的了解"
    "具有积极意义。与此同时，平台也面临内容审核、服务器压力以及商业模式调整等多重挑战，"
    "未来能否留住这些新用户仍有待观察。业内人士表示，这一现象也反映出全球社交媒体格局"
    "正在发生深刻变化。"
)


def article() -> dict[str, Any]:
    """A fresh copy of the seed article, safe to spoil."""
    return copy.deepcopy(SEED_ARTICLE)


def paragraphs(*texts: str, language: str = "en") -> dict[str, Any]:
    """A minimal record whose body holds ``texts`` as paragraphs."""
    body = [{"kind": "paragraph", "text": text} for text in texts]
    return {"title": "A title", "language": language, "body": body}


def run(rule: Any, record: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(rule, path, value) of each finding ``rule`` makes on ``record``."""
    return [(f.rule, f.path, f.value) for f in rule(record, page=PAGE, site=SITE)]


def check(record: dict[str, Any]) -> list[Finding]:
    return check_quality(record, page=PAGE, site=SITE, now=NOW)


def index_of(record: dict[str, Any], start: str) -> int:
    """The index of the first body block whose text starts with ``start``."""
    return next(i for i, b in enumerate(record["body"]) if b["text"].startswith(start))


# -- the API ---------------------------------------------------------------------


def test_default_rules_read_well_in_a_report() -> None:
    """Each default rule's repr is the factory call that made it, from site.required."""
    assert [repr(r) for r in default_rules(SITE)] == [
        'required("title", "body", "published", "uploader", "views", "language")',
        "no_appended_markers()",
        "no_markup()",
        "clean_text()",
        "published_between(date(1990, 1, 1), now)",
        "language_matches()",
        "no_secrets()",
        "no_list_runs()",
        "no_foreign_script_run()",
        "no_link_dense_blocks()",
        "no_title_list_ending()",
        "no_trailing_heading()",
    ]


def test_reprs_show_arguments_that_differ_from_the_defaults() -> None:
    """A configured rule says how it was configured."""
    rules = [
        no_appended_markers(("title",), extra=["点击下载"]),
        no_markup(("title", "body")),
        published_between(date(2000, 1, 1), NOW, tolerance=timedelta(hours=2)),
        language_matches(min_letters=50),
    ]
    assert [repr(r) for r in rules] == [
        'no_appended_markers(fields=("title",), extra=("点击下载",))',
        'no_markup(fields=("title", "body"))',
        "published_between(date(2000, 1, 1), 2025-06-01T00:00:00+00:00,"
        " tolerance=timedelta(seconds=7200))",
        "language_matches(min_letters=50)",
    ]


def test_every_finding_carries_check_page_rule_and_message() -> None:
    """A finding says which check, page and rule, and what was expected and found."""
    [finding] = check_quality(
        {"title": "", "body": ["x"]}, page=PAGE, site=SITE, rules=[required("title")]
    )
    assert finding == Finding(
        check="quality",
        page=PAGE,
        path="title",
        rule="required",
        message="expected a non-empty value, found an empty string",
        value="",
    )


# -- required --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (None, "null"),
        ("", "an empty string"),
        (" \n\t", "only whitespace"),
        ([], "an empty list"),
        ({}, "an empty object"),
    ],
)
def test_required_flags_empty_values(value: Any, found: str) -> None:
    """Null, blank strings and empty containers count as missing."""
    [finding] = required("uploader")({"uploader": value}, page=PAGE, site=SITE)
    assert (finding.path, finding.rule, finding.value) == (
        "uploader",
        "required",
        value,
    )
    assert finding.message == f"expected a non-empty value, found {found}"


def test_required_flags_an_absent_field() -> None:
    """A field the record does not have at all is reported by name."""
    [finding] = required("title", "body")({"title": "T"}, page=PAGE, site=SITE)
    assert (finding.path, finding.message) == (
        "body",
        "expected a non-empty value, found no such field",
    )


def test_required_accepts_zero_and_false() -> None:
    """Zero views and False are values, not gaps."""
    record = {"views": 0, "flag": False, "title": "T"}
    assert run(required("views", "flag", "title"), record) == []


def test_required_without_fields_uses_the_sites_list() -> None:
    """required() checks site.required when given no fields of its own."""
    record = {"title": "T", "body": [{"kind": "paragraph", "text": "x"}]}
    assert run(required(), record) == [
        ("required", "published", None),
        ("required", "uploader", None),
        ("required", "views", None),
        ("required", "language", None),
    ]


# -- no_appended_markers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("相关推荐", "相关推荐"),
        ("【猜你喜欢】", "【猜你喜欢】"),
        ("标签列表：", "标签列表："),
        ("Related articles", "Related articles"),
        ("Read more »", "Read more »"),
        ("TAGS", "TAGS"),
        ("Tags: politics, china", "Tags: politics, china"),
        ("You may also like", "You may also like"),
        ("mydisktest_v298 (34)", "mydisktest_v298 (34)"),
        ("dos 删除目录下所有子目录及文件 (36)", "dos 删除目录下所有子目录及文件 (36)"),
        ("- parsevideo (33)", "parsevideo (33)"),
        ("更多内容请下载21财经APP", "更多内容请下载21财经APP"),
        ("下载21财经APP", "下载21财经APP"),
        ("Download our app for the full story", "Download our app for the full story"),
        ("Subscribe to our newsletter", "Subscribe to our newsletter"),
        (
            "- pdf怎么在线阅读？这几种在线阅读方法看看",
            "- pdf怎么在线阅读？这几种在线阅读方法看看",
        ),
        ("• Item one", "• Item one"),
        ("· 第二条", "· 第二条"),
    ],
)
def test_appended_markers_are_found(text: str, value: str) -> None:
    """Widget headers, tag-list lines, promos and bullets are flagged in the body."""
    assert run(no_appended_markers(), paragraphs(text)) == [
        ("no_appended_markers", "body[0].text", value)
    ]


@pytest.mark.parametrize(
    "texts",
    [
        (
            "Die Daten des Rads",
            "- Rahmen: Aluminium\n- Bremsen: Scheibe\n- Sattel: Leder",
        ),
        ("Specifications", "• Frame: carbon fibre", "• Brakes: hydraulic discs"),
        ("We keep what you send us in two places:\n• On our own servers",),
        ("You can ask us to delete it:", "• By writing to the office", "• By phone"),
        (
            "It would have helped to keep an option like",
            "--legacy",
            "- perhaps",
            "--compat",
            "- so that old scripts kept working",
        ),
    ],
)
def test_bullets_the_article_writes_pass(texts: tuple[str, ...]) -> None:
    """A definition list, a list a sentence introduces and a dash in a sentence
    split by code are the article's own, by the lines around them."""
    assert run(no_appended_markers(), paragraphs(*texts)) == []


@pytest.mark.parametrize(
    ("texts", "values"),
    [
        (("- Brexit: what comes next",), ["- Brexit: what comes next"]),
        (
            ("Popular this week:", "• Best beaches", "• Old town walks"),
            ["• Best beaches", "• Old town walks"],
        ),
        (("See also:\n• Best beaches",), ["See also:", "• Best beaches"]),
        (("More in this series", "- cheap flights"), ["- cheap flights"]),
        (("- cheap flights", "- city breaks"), ["- cheap flights", "- city breaks"]),
    ],
)
def test_bullets_without_the_articles_context_are_flagged(
    texts: tuple[str, ...], values: list[str]
) -> None:
    """A lone labelled title, bullets under a short or known heading and lowercase
    titles that follow a heading or each other are still a widget's."""
    found = run(no_appended_markers(), paragraphs(*texts))
    assert [value for _, _, value in found] == values


@pytest.mark.parametrize(
    "text",
    [
        "Analysts expect the company (2024) to report its tags and labels next week, "
        "and readers who want to read more can find the filing online.",
        "Annual report (2024)",
        "Read more about the case in our earlier coverage of the hearing.",
        "The related articles were retracted by the journal in March.",
        "* * *",
        "-5 degrees overnight, the coldest in a decade.",
        "用户纷纷下载小红书APP，并在评论区与中国网友互动。",
        "Users rushed to download the app before the ban.",
        "x < y and y > z",
        "Why Xiaohongshu?",
    ],
)
def test_article_prose_is_not_a_marker(text: str) -> None:
    """Sentences that merely mention tags, years or downloads are left alone."""
    assert run(no_appended_markers(), paragraphs(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Enjoying this story? Subscribe for $2 a month.",
        "Follow our science desk on Instagram",
        "Folgen Sie uns auf Twitter",
        "Jetzt die Wetter-App installieren und nichts verpassen",
        "Abonnez-vous à notre lettre quotidienne : newsletter gratuite",
        "Únete a nuestro canal de WhatsApp",
        "关注本站公众号，获取每日新闻",
        "The best stories, in your inbox every Friday.",
        "Newsletter",
    ],
)
def test_calls_to_action_are_promo_lines(text: str) -> None:
    """A short line asking the reader to subscribe, follow or install is a promo."""
    assert run(no_appended_markers(), paragraphs(text)) == [
        ("no_appended_markers", "body[0].text", text)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Investors follow the app makers closely, and most of them expect a "
        "newsletter of results by Friday.",
        "Users who download the app get a month for free, the company said.",
        "Follow the money, the detective said.",
        "Subscribers pay every month by e-mail transfer, which the bank dislikes "
        "because the transfers often arrive late and the fees keep rising, a "
        "spokesman for the bank told reporters on the phone on Monday morning.",
    ],
)
def test_prose_about_apps_and_newsletters_is_not_a_promo(text: str) -> None:
    """Sentences that mention apps or newsletters without an opening call pass."""
    assert run(no_appended_markers(), paragraphs(text)) == []


def test_each_line_of_a_multiline_block_is_judged() -> None:
    """A block holding a whole tag cloud gives one finding per leaked line."""
    record = paragraphs(
        "Real text.\n- 标签列表\n- parsevideo (33)\n- 个人网站源码 (37)"
    )
    assert run(no_appended_markers(), record) == [
        ("no_appended_markers", "body[0].text", "标签列表"),
        ("no_appended_markers", "body[0].text", "parsevideo (33)"),
        ("no_appended_markers", "body[0].text", "个人网站源码 (37)"),
    ]


def test_markers_are_looked_for_only_in_article_fields() -> None:
    """The appended block itself is where markers belong."""
    record = {"title": "T", "appended": {"sections": [{"heading": "相关推荐"}]}}
    assert run(no_appended_markers(), record) == []


def test_extra_patterns_extend_the_promo_list() -> None:
    """A site's own promo wording can be added without editing the module."""
    rule = no_appended_markers(extra=[r"^点击.{0,10}关注"])
    assert run(rule, {"title": "点击上方蓝字关注我们"}) == [
        ("no_appended_markers", "title", "点击上方蓝字关注我们")
    ]


def test_marker_message_names_what_leaked() -> None:
    """The message says what kind of line was found and that text was expected."""
    [finding] = no_appended_markers()(
        {"credits": [{"role": "Presented by", "names": ["SFC\n- parsevideo (33)"]}]},
        page=PAGE,
        site=SITE,
    )
    assert finding.path == "credits[0].names[0]"
    assert finding.message == (
        'expected article text, found a tag-list line "parsevideo (33)"'
        " from an appended block"
    )


# -- no_markup -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<p>Hello", '"<p>"'),
        ("Hello</div>", '"</div>"'),
        ("one<br/>two", '"<br/>"'),
        (
            'see <a href="https://example.com">this</a>',
            '"<a href="https://example.com">", "</a>"',
        ),
        ("see <a href=/x>this", '"<a href=/x>"'),
        ("Tom &amp; Jerry", '"&amp;"'),
        ("A&nbsp;B", '"&nbsp;"'),
        ("A&#160;B", '"&#160;"'),
        ("2010&#x2014;2020", '"&#x2014;"'),
        ("x<!-- ad -->y", '"<!-- ad -->"'),
    ],
)
def test_markup_is_found(text: str, shown: str) -> None:
    """Leftover tags, comments and entities are flagged with what was found."""
    [finding] = no_markup()(paragraphs(text), page=PAGE, site=SITE)
    assert (finding.rule, finding.path, finding.value) == (
        "no_markup",
        "body[0].text",
        text,
    )
    assert finding.message == f"expected plain text, found HTML markup {shown}"


@pytest.mark.parametrize(
    "text",
    ["a < b", "x<3", "x < y and y > z", "x<y and y>z", "AT&T", "R&D; costs", "&bogus;"],
)
def test_comparisons_and_ampersands_are_not_markup(text: str) -> None:
    """Angle brackets and ampersands in prose are not HTML."""
    assert run(no_markup(), paragraphs(text)) == []


def test_markup_value_is_cut_around_the_markup() -> None:
    """A long paragraph is shown as an excerpt that holds the offending markup."""
    text = "word " * 60 + "A&nbsp;B" + " word" * 60
    [finding] = no_markup()(paragraphs(text), page=PAGE, site=SITE)
    assert len(finding.value) == 120
    assert "&nbsp;" in finding.value
    assert finding.value.startswith("…")
    assert finding.value.endswith("…")


# -- clean_text ------------------------------------------------------------------


def test_mojibake_is_found_anywhere_in_the_record() -> None:
    """UTF-8 read as cp1252 is flagged even in the appended block."""
    record = {"appended": {"related": [{"title": "Itâ€™s here", "snippet": "ok"}]}}
    [finding] = clean_text()(record, page=PAGE, site=SITE)
    assert (finding.rule, finding.path, finding.value) == (
        "clean_text",
        "appended.related[0].title",
        "Itâ€™s here",
    )
    assert finding.message == (
        'expected clean text, found mojibake "â€" (UTF-8 decoded as Latin-1 or cp1252);'
        ' ftfy reads it as "It’s here"'
    )


@pytest.mark.parametrize("text", ["Ã©tÃ© chaud", "å¤§å®¶å¥½"])
def test_latin1_mojibake_is_found(text: str) -> None:
    """Accented Latin and Chinese read as Latin-1 are both flagged."""
    assert run(clean_text(), {"title": text}) == [("clean_text", "title", text)]


def test_mojibake_beside_real_accents_is_found() -> None:
    """A paragraph with both real accents and mojibake is still flagged."""
    text = "Le café était fermé, mais l'Ã©tÃ© a été chaud."
    assert run(clean_text(), {"title": text}) == [("clean_text", "title", text)]


@pytest.mark.parametrize(
    "text",
    [
        "Sie sprach von »Ärger« und »Öl« im Hafen.",
        "Die »Übersicht« liegt bei.",
        "Er las »Égalité« laut vor.",
    ],
)
def test_guillemets_before_capital_umlauts_are_not_mojibake(text: str) -> None:
    """Real text ftfy's badness pattern suspects but cannot decode is not flagged."""
    assert run(clean_text(), {"title": text}) == []


def test_replacement_character_is_found() -> None:
    """U+FFFD means bytes were lost to a wrong codec."""
    [finding] = clean_text()(
        {"credits": [{"names": ["Caf\ufffd"]}]}, page=PAGE, site=SITE
    )
    assert (finding.path, finding.value) == ("credits[0].names[0]", "Caf\ufffd")
    assert "U+FFFD" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "“TikTok refugees” — it’s the hottest app",
        "surpassed US$1 billion in profit in 2024",
        GERMAN,
        "Le café à la crème était délicieux, naïve façade.",
        CHINESE,
        "© 2024, 50 °C, €100, ¿Qué?",
    ],
)
def test_real_text_is_clean(text: str) -> None:
    """Curly quotes, currency, umlauts, accents and Chinese are not mojibake."""
    assert run(clean_text(), {"title": text}) == []


# -- published_between -----------------------------------------------------------

NOT_RFC3339 = (
    "expected an RFC 3339 date-time with an offset "
    '("2025-02-04T13:36:00+08:00"), found '
)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "2099-01-01T00:00:00+08:00",
            "expected a date no later than 2025-06-01T00:00:00+00:00"
            " (with 1 day of grace), found 2099-01-01T00:00:00+08:00: in the future",
        ),
        (
            "1980-01-01T00:00:00+08:00",
            "expected a date on or after 1990-01-01, found 1980-01-01T00:00:00+08:00",
        ),
        (
            "2025-02-04 13:36",
            NOT_RFC3339 + '"2025-02-04 13:36"',
        ),
        (
            "2025-02-04T13:36:00",
            NOT_RFC3339 + '"2025-02-04T13:36:00"',
        ),
        (
            1738647360,
            NOT_RFC3339 + "1738647360",
        ),
    ],
)
def test_published_outside_the_window_or_malformed(value: Any, message: str) -> None:
    """Future, ancient, offset-less and impossible dates are each explained."""
    [finding] = published_between(date(1990, 1, 1), NOW)(
        {"published": value}, page=PAGE, site=SITE
    )
    assert (finding.rule, finding.path, finding.value) == (
        "published_between",
        "published",
        value,
    )
    assert finding.message == message


@pytest.mark.parametrize(
    "value",
    [
        "2025-02-04T13:36:00+08:00",
        "2025-02-04T05:36:00Z",
        "1990-01-01T00:00:00+08:00",
        "2025-06-01T18:00:00-05:00",
        None,
    ],
)
def test_published_inside_the_window(value: str | None) -> None:
    """Offsets, Z, the first day and hours ahead of the clock pass; null is let be."""
    assert run(published_between(date(1990, 1, 1), NOW), {"published": value}) == []


def test_published_defaults_to_the_clock() -> None:
    """Without an explicit end the window ends now, so next year is the future."""
    next_year = f"{datetime.now(UTC).year + 1}-06-01T00:00:00+00:00"
    assert run(published_between(), {"published": next_year}) == [
        ("published_between", "published", next_year)
    ]


def test_published_impossible_date_is_explained() -> None:
    """A well-formed but impossible date says so, with Python's reason."""
    value = "2025-02-30T13:36:00+08:00"
    [finding] = published_between()({"published": value}, page=PAGE, site=SITE)
    assert (finding.path, finding.value) == ("published", value)
    assert finding.message.startswith(
        f'expected a real date and time, found "{value}": '
    )


# -- language_matches ------------------------------------------------------------


def test_language_mismatch_names_both_languages() -> None:
    """A German claim on an English body says what was detected."""
    record = article()
    record["language"] = "de"
    [finding] = language_matches()(record, page=PAGE, site=SITE)
    assert (finding.rule, finding.path, finding.value) == (
        "language_matches",
        "language",
        "de",
    )
    assert finding.message.startswith(
        'expected the body to be in "de" as the record claims, detected "en" from '
    )


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (GERMAN, "de"),
        (GERMAN, "de-AT"),
        (CHINESE, "zh"),
        (CHINESE, "zh-Hans"),
        (CHINESE, "zh_TW"),
    ],
)
def test_language_matches_on_primary_subtag(text: str, language: str) -> None:
    """Region and script subtags do not matter; every zh variant is zh."""
    assert run(language_matches(), paragraphs(text, language=language)) == []


def test_language_is_not_judged_on_little_text() -> None:
    """A short body is too little to tell a language from."""
    assert run(language_matches(), paragraphs("Guten Tag.", language="en")) == []


def test_language_absent_is_left_to_required() -> None:
    """With no language claimed there is nothing to compare."""
    record = article()
    del record["language"]
    assert run(language_matches(), record) == []


# -- the seed article, whole -----------------------------------------------------


def test_clean_seed_article_has_no_findings() -> None:
    """The reference record, appended block included, passes every default rule."""
    assert check(article()) == []


def _append(*texts: str, kind: str = "paragraph") -> Callable[[dict[str, Any]], None]:
    def spoil(record: dict[str, Any]) -> None:
        record["body"] += [{"kind": kind, "text": t} for t in texts]

    return spoil


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def spoil(record: dict[str, Any]) -> None:
        target: Any = record
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return spoil


LAST = len(SEED_ARTICLE["body"])
INSTAGRAM = index_of(SEED_ARTICLE, "“Instagram has always")
PRESENTED_BY = len(SEED_ARTICLE["credits"]) - 1


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        pytest.param(
            _append("mydisktest_v298 (34)", "document.appendchild (35)"),
            [
                ("no_appended_markers", f"body[{LAST}].text", "mydisktest_v298 (34)"),
                (
                    "no_appended_markers",
                    f"body[{LAST + 1}].text",
                    "document.appendchild (35)",
                ),
            ],
            id="tag lines as paragraphs",
        ),
        pytest.param(
            _append("相关推荐", kind="heading"),
            [
                ("no_appended_markers", f"body[{LAST}].text", "相关推荐"),
                ("no_trailing_heading", f"body[{LAST}].text", "相关推荐"),
            ],
            id="related heading",
        ),
        pytest.param(
            _append("更多内容请下载21财经APP"),
            [("no_appended_markers", f"body[{LAST}].text", "更多内容请下载21财经APP")],
            id="promo as last paragraph",
        ),
        pytest.param(
            _set(("credits", PRESENTED_BY, "names", 0), "SFC\n- parsevideo (33)"),
            [
                (
                    "no_appended_markers",
                    f"credits[{PRESENTED_BY}].names[0]",
                    "parsevideo (33)",
                )
            ],
            id="tag line in credits",
        ),
        pytest.param(
            _set(("title",), "A modern cyber-Exodus:&nbsp;Why “TikTok refugees” flee"),
            [
                (
                    "no_markup",
                    "title",
                    "A modern cyber-Exodus:&nbsp;Why “TikTok refugees” flee",
                )
            ],
            id="entity in title",
        ),
        pytest.param(
            _set(("published",), "2099-01-01T00:00:00+08:00"),
            [("published_between", "published", "2099-01-01T00:00:00+08:00")],
            id="published in the future",
        ),
        pytest.param(
            _set(("published",), "1980-01-01T00:00:00+08:00"),
            [("published_between", "published", "1980-01-01T00:00:00+08:00")],
            id="published too early",
        ),
        pytest.param(
            _set(("language",), "de"),
            [("language_matches", "language", "de")],
            id="wrong language",
        ),
    ],
)
def test_spoiled_seed_article_names_the_field(
    spoil: Callable[[dict[str, Any]], None], expected: list[tuple[str, str, str]]
) -> None:
    """Each way the appended block or bad decoding can spoil the article is caught."""
    record = article()
    spoil(record)
    assert [(f.rule, f.path, f.value) for f in check(record)] == expected


def test_mojibake_in_a_seed_paragraph_names_the_paragraph() -> None:
    """Mojibake deep in a long paragraph is shown in an excerpt that holds it."""
    record = article()
    text = record["body"][INSTAGRAM]["text"]
    record["body"][INSTAGRAM]["text"] = text.replace("It’s", "Itâ€™s")
    [finding] = check(record)
    assert (finding.rule, finding.path) == ("clean_text", f"body[{INSTAGRAM}].text")
    spoiled = record["body"][INSTAGRAM]["text"]
    start = spoiled.index("â€") - 20  # some context before the mojibake
    assert finding.value == "…" + spoiled[start : start + 118] + "…"
    assert "Itâ€™s a very toxic place" in finding.value


@pytest.mark.parametrize(
    "text",
    [
        "Xiaohongshu (2024) said its tags and hashtags feature, which lets users "
        "read more about a place before they go, drew record traffic this week.",
        GERMAN,
        CHINESE,
        "x < y and y > z",
    ],
)
def test_seed_article_with_unusual_but_clean_text_has_no_findings(text: str) -> None:
    """Years in parentheses, umlauts, Chinese and comparisons raise no false alarm."""
    record = article()
    record["body"].insert(3, {"kind": "paragraph", "text": text})
    assert check(record) == []


@pytest.mark.parametrize(("text", "language"), [(GERMAN, "de"), (CHINESE, "zh-CN")])
def test_german_and_chinese_articles_are_clean(text: str, language: str) -> None:
    """Whole records in other languages pass when their language is claimed."""
    record = article()
    record["language"] = language
    record["body"] = [{"kind": "paragraph", "text": text}]
    assert check(record) == []
