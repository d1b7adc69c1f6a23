"""The shortcuts of the quality rules give the verdicts of the plain searches."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from harness.checks import promos, shape
from harness.checks.promos import (
    _NEWSLETTER_WORDS,
    _PITCH_WORDS,
    PROMO_PATTERNS,
    anchored,
    fold,
    is_call_to_action,
    is_promo,
)
from harness.checks.quality import may_hold_latin1_lead
from harness.checks.secrets import may_name_api_key

ALL_PROMOS = re.compile("|".join(f"(?:{p})" for p in PROMO_PATTERNS), re.IGNORECASE)
# The call's opening verb as one search: at the line's start or a sentence's.
CTA_VERB = re.compile(r"(?:^|[.!?¿¡:]\s+)" + promos._CTA_OPENING, re.IGNORECASE)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^download (?:our|the \\w+) app", True),
        ("^(?:请|欢迎)?下载.{0,20}(?:APP|客户端)$", True),
        ("^[|]app", True),  # a bar in a set is a literal
        ("^a\\|b", True),  # so is an escaped one
        ("^a|b", False),  # b may match anywhere
        ("更多.{0,6}下载", False),
        ("^[]|]x", False),  # "]" first in a set: not told apart, so not anchored
    ],
)
def test_anchored_tells_patterns_that_match_only_at_the_start(
    pattern: str, expected: bool
) -> None:
    assert anchored(pattern) is expected


@pytest.mark.parametrize(
    "text",
    [
        "更多内容请下载21财经APP",
        "点击这里，更多精彩请下载客户端",
        "下载21财经APP",
        "请下载新闻客户端！",
        "Download our free app today",
        "download the Post app",
        "Subscribe to our newsletter for more",
        "Get the Example News app for breaking news alerts.",
        "Get our app and read offline, the guide says, because trains lose signal.",
        "We never download the app at work.",
        "用户纷纷下载小红书APP。",
        "An ordinary sentence about the weather in Berlin.",
    ],
)
def test_is_promo_agrees_with_searching_all_patterns(text: str) -> None:
    assert is_promo(text) is (ALL_PROMOS.search(text) is not None)


def test_fold_keeps_every_letter_a_case_insensitive_search_would_find() -> None:
    """The words that gate the costly searches are found in the folded text
    wherever the searches' IGNORECASE patterns could find them: every code point
    such a pattern takes for one of their letters folds to that letter."""
    every_character = "".join(
        chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
    )
    words = (*_PITCH_WORDS, *_NEWSLETTER_WORDS)
    letters = {c for word in words for c in word if c.isalpha()}
    for letter in letters:
        found = set(re.findall(re.escape(letter), every_character, re.IGNORECASE))
        assert {c: fold(c) for c in found} == dict.fromkeys(found, letter)


@pytest.mark.parametrize(
    "text",
    [
        "Get the best of Example in your inbox every morning.",
        "Recevez chaque vendredi l'essentiel dans votre boîte mail.",
        "The best of the Post, in your İNBOX every Friday.",
        "Newsletter",
        "Our newsletter, weekly",
        "Subscribe to our newsletter on the app.",
        "Enjoying this? Subscribe to Example for $5 a month.",
        "We asked readers whether they follow the council on Twitter, and most said no.",
        "下载21财经客户端，获取更多资讯",
        "Jetzt die Example-App herunterladen!",
        "Folgen Sie uns auf Facebook",
        "The council said. Subscribe to the minutes by e-mail, it said, each week",
        "Téléchargez l'application Exemple pour suivre l'actualité.",
        "A plain sentence about the council and its budget.",
        ". Subscribe to our newsletter",
        "Read on: follow us on Instagram for more",
        "Now follow the app's alerts. Join us on Telegram",
        "Followers on Twitter: 3 million, said the app",
    ],
)
def test_call_to_action_agrees_with_the_plain_order_of_tests(text: str) -> None:
    assert is_call_to_action(text) is plain_call_to_action(text)


def plain_call_to_action(text: str) -> bool:
    """The rule as first written: every search, in order."""
    words = len(promos._WORDS.findall(text))
    if len(text) > 200 or words > promos.CALL_TO_ACTION_MAX_WORDS:
        return False
    if promos._CTA_CHINESE.search(text) or promos._CTA_GERMAN.search(text):
        return True
    if promos._NEWSLETTER_PITCH.search(text) or (
        words <= 4 and promos._NEWSLETTER_NAME.search(text)
    ):
        return True
    verb = CTA_VERB.search(text)
    if verb is None or not promos._CTA_CHANNEL.search(text):
        return False
    return verb.start() == 0 or words <= promos.CALL_TO_ACTION_MID_LINE_WORDS


def test_the_api_key_gate_passes_whatever_the_needle_finds() -> None:
    """Every spelling IGNORECASE takes for "api key" (every code point it takes
    for each letter, each separator) passes the byte test."""
    every_character = "".join(
        chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
    )
    letters = [
        sorted(set(re.findall(letter, every_character, re.IGNORECASE)))
        for letter in "apikey"
    ]
    a, p, i, k, e, y = letters
    needle = re.compile("api[_-]?key", re.IGNORECASE)
    for spelling in itertools.product(a, p, i, ["", "_", "-"], k, e, y):
        text = "the " + "".join(spelling) + " = x"
        assert needle.search(text)
        assert may_name_api_key(text), text
    assert not may_name_api_key("The capital said: they keep the key to the API.")


def test_the_latin1_lead_gate_passes_every_lead() -> None:
    """Â…ô are the characters whose UTF-8 starts with C3 and is not Ã…Á."""
    for code in range(0xC2, 0xF5):
        assert may_hold_latin1_lead(f"x{chr(code)}y")
    assert not may_hold_latin1_lead("plain text, 中文, “quotes” and ¿ ¡")


def test_a_line_the_list_shortcut_passes_by_holds_no_list() -> None:
    """Every line the list rules find something in passes ``_may_be_listed``:
    lines drawn from the characters those rules look at, and real ones."""
    alphabet = "ab Z7 #·•、()（）[]|,;/-*▪►→:.12\u3000"
    chance = random.Random(5)
    lines = [
        "".join(chance.choice(alphabet) for _ in range(chance.randint(1, 24))).strip()
        for _ in range(30_000)
    ]
    lines += [
        "tech · sport · travel · video",
        "a (1), b (2), c (3),",
        "#travel #food, #berlin",
        "Web scraping (7)",
        "旅游、美食、体育、视频",
        "- Related story",
        "news | sport | travel | video |",
        "Sport · 12",
        "A plain sentence, like the rest of the article (really).",
    ]
    found = [
        line
        for line in lines
        if line and (shape._strung_items(line) or shape._listed(line))
    ]
    assert len(found) > 500  # the draw reaches the rules
    assert [line for line in found if not shape._may_be_listed(line)] == []
