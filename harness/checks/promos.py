"""What a promo line looks like: an offer to download an app or subscribe to a
newsletter, or a call to action that sends the reader to a channel.

One of the kinds of appended-block line :mod:`harness.checks.markers` finds.
Extend the tuples to teach the harness a new site's promos.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PROMO_PATTERNS: tuple[str, ...] = (
    r"更多(?:内容|精彩|资讯).{0,6}请?下载",
    r"^(?:请|欢迎)?下载.{0,20}(?:APP|客户端)[。！!]?$",
    r"^download (?:our|the \w+) (?:free )?app\b",
    r"^subscribe to (?:our|the) newsletter\b",
    r"^get (?:the|our) (?:[\w'’&.-]+ ){0,4}apps?(?: for [^.!?]{1,40})?[.!]?$",
)
"""Regular expressions searched in each line, case-insensitively. The Chinese
"download the app" pattern must be the whole line: articles about apps say
"用户纷纷下载小红书APP" in the middle of a sentence. So must "Get the <brand>
app": the offer alone, or with what it is for ("for breaking news alerts"), is
a promo; "Get our app and..." goes on like the article's advice."""

CALL_TO_ACTION_VERBS: tuple[str, ...] = (
    # en, de, fr, es, pt, it: the imperative that opens a promo's sentence
    "download", "install", "subscribe", "sign up", "follow", "join",
    "register", "lade", "laden sie", "holen sie", "folgen sie", "abonnieren sie",
    "melden sie sich", "registrieren sie sich", "téléchargez", "installez",
    "abonnez-vous", "suivez", "inscrivez-vous", "rejoignez", "recevez", "descarga",
    "descargue", "instala", "suscríbete", "síguenos", "sigue", "regístrate",
    "únete", "recibe", "baixe", "instale", "assine", "siga", "inscreva-se",
    "receba", "scarica", "installa", "abbonati", "seguici", "segui", "iscriviti",
    "ricevi",
)  # fmt: skip
"""Words that open a call to action. A line is a promo when one opens one of
its sentences (``Enjoying this? Subscribe...``) and it names a channel below.
Not "get": "Get our app and..." is as often the article's advice as a promo."""

CALL_TO_ACTION_CHANNELS: tuple[str, ...] = (
    "app", "apps", "application", "aplicación", "aplicativo", "applicazione",
    "newsletter", "newsletters", "boletín", "bulletin", "inbox", "e-mail", "email",
    "correo", "podcast", "alerts", "notifications", "facebook", "twitter",
    "instagram", "whatsapp", "telegram", "youtube", "tiktok", "linkedin", "on x",
    "a month", "per month", "par mois", "al mes", "por mês", "al mese", "im monat",
    "pro monat",
)  # fmt: skip
"""What a call to action sends the reader to: an app, a newsletter, a social
account, a subscription."""

CALL_TO_ACTION_MAX_WORDS = 25
"""A promo is a line or two; a longer paragraph that says "follow" is prose."""

CALL_TO_ACTION_MID_LINE_WORDS = 15
"""A call that opens the line's second sentence makes a promo of a line this short."""

_WORDS = re.compile(r"\w+(?:[-']\w+)*")
_CTA_OPENING = (
    r"(?:now\s+|jetzt\s+|please\s+|bitte\s+)?(?:"
    + "|".join(re.escape(v) for v in CALL_TO_ACTION_VERBS)
    + r")\b"
)
# A call opens the line or a sentence in it. Searched as one pattern, "^|[.!?]"
# is tried at every position; apart, the second is skipped to by its marks.
_CTA_AT_START = re.compile(_CTA_OPENING, re.IGNORECASE)
_CTA_AFTER_SENTENCE = re.compile(r"[.!?¿¡:]\s+" + _CTA_OPENING, re.IGNORECASE)
_CTA_CHANNEL = re.compile(
    r"\b(?:" + "|".join(re.escape(c) for c in CALL_TO_ACTION_CHANNELS) + r")\b"
    r"|\b(?:sur|en|auf|su|no|na) x\b|微博|微信|公众号",
    re.IGNORECASE,
)
# German closes the clause with the verb: "Jetzt die App herunterladen!"
_CTA_GERMAN = re.compile(
    r"^jetzt\b.{0,60}\b(?:herunterladen|abonnieren|anmelden|installieren)\b",
    re.IGNORECASE,
)
# Chinese: the verb opens the line, a channel follows: 下载…客户端, 关注…公众号.
_CTA_CHINESE = re.compile(
    r"^(?:请|欢迎|点击|立即|马上)?(?:扫码|下载|关注|订阅|安装).{0,30}"
    r"(?:APP|App|app|客户端|公众号|微博|微信|邮箱|快讯|频道|X|Facebook|Instagram|"
    r"Telegram|WhatsApp|YouTube)"
)
# A newsletter's pitch: "... in your inbox every morning".
_NEWSLETTER_PITCH = re.compile(
    r"(?:\b(?:every|each|jeden|jede|jeder|cada|chaque|ogni|toda)\b|每).{0,50}"
    r"(?:\b(?:inbox|e-mail|email|correo|boîte mail|posta)\b|邮箱)"
    r"|\b(?:inbox|e-mail|correo)\b.{0,30}\b(?:every|each|jeden|cada|chaque|ogni)\b",
    re.IGNORECASE,
)
_NEWSLETTER_NAME = re.compile(r"\b(?:newsletter|boletín)\b", re.IGNORECASE)


def compile_patterns(
    patterns: Iterable[str | re.Pattern[str]],
) -> tuple[re.Pattern[str], ...]:
    """Compile promo-like patterns the way :func:`harness.checks.markers.find_marker`
    searches them."""
    return tuple(
        p if isinstance(p, re.Pattern) else re.compile(p, re.IGNORECASE)
        for p in patterns
    )


def anchored(pattern: str) -> bool:
    """Whether ``pattern`` can only match at the start of a text (no MULTILINE):
    it starts with ``^`` and has no ``|`` outside a group or a character set."""
    if not pattern.startswith("^") or "[]" in pattern or "[^]" in pattern:
        return False  # "]" first in a set is a literal: not worth telling apart
    depth, escaped, in_set = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return False
    return True


# One pattern of alternatives is searched at every position of a paragraph, which
# costs more than the rest of the rule: the anchored ones are tried at the start
# only, and each other one alone, where the regex engine skips to its first
# characters.
_PROMO_AT_START = re.compile(
    "|".join(f"(?:{p})" for p in PROMO_PATTERNS if anchored(p)) or "(?!)",
    re.IGNORECASE,
)
_PROMO_ANYWHERE = tuple(
    re.compile(p, re.IGNORECASE) for p in PROMO_PATTERNS if not anchored(p)
)


def is_promo(text: str) -> bool:
    """Whether a pattern of PROMO_PATTERNS matches ``text``."""
    return _PROMO_AT_START.match(text) is not None or any(
        pattern.search(text) for pattern in _PROMO_ANYWHERE
    )


def is_call_to_action(text: str) -> bool:
    """A short line that asks the reader to download, subscribe or follow."""
    if len(text) > 200:
        return False
    # Most short paragraphs hold none of the words a call needs: the costly
    # searches run only where those words are, and words are counted last.
    folded = fold(text)
    if (
        _CTA_CHINESE.match(text)  # both anchored: tried at the start only
        or _CTA_GERMAN.match(text)
        or (_holds(folded, _PITCH_WORDS) and _NEWSLETTER_PITCH.search(text))
    ):
        return word_count(text) <= CALL_TO_ACTION_MAX_WORDS
    verb = _CTA_AT_START.match(text) or _CTA_AFTER_SENTENCE.search(text)
    if verb is not None and _CTA_CHANNEL.search(text):
        words = word_count(text)
        # After another sentence ("Enjoying this? Subscribe...") only in a short
        # line: a call inside a longer paragraph is the article quoting one.
        return words <= CALL_TO_ACTION_MAX_WORDS and (
            verb.start() == 0 or words <= CALL_TO_ACTION_MID_LINE_WORDS
        )
    return (
        _holds(folded, _NEWSLETTER_WORDS)
        and _NEWSLETTER_NAME.search(text) is not None
        and word_count(text) <= 4
    )


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


# What _NEWSLETTER_PITCH and _NEWSLETTER_NAME cannot match without, folded.
_PITCH_WORDS = ("inbox", "e-mail", "email", "correo", "boîte mail", "posta", "邮箱")
_NEWSLETTER_WORDS = ("newsletter", "boletín")
# Letters a case-insensitive regex takes for an ASCII one while str.lower()
# does not (İ lowers to two characters), the Kelvin sign among them:
# tests/unit/checks/test_shortcuts.py checks every code point.
_AS_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


_AS_ASCII_FROM = "".join(map(chr, _AS_ASCII))


def fold(text: str) -> str:
    """``text`` in lower case, where a word an IGNORECASE pattern would find in
    ``text`` is found by ``in``: a cheap test before the pattern's search."""
    if any(char in text for char in _AS_ASCII_FROM):  # rare: translate() is slow
        text = text.translate(_AS_ASCII)
    return text.lower()


def _holds(folded: str, words: Iterable[str]) -> bool:
    return any(word in folded for word in words)
