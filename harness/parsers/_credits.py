"""Editorial credit lines: ``Editor: LI Yanxia``, ``Produced by X``, ``编辑：张三``."""

from __future__ import annotations

import re
from typing import TypedDict

from harness.parsers._lines import is_cjk

_ROLE_LINE = re.compile(
    r"^(?P<role>[A-Z][A-Za-z]*(?: [A-Za-z]+){0,3}"
    r"|[\u4e00-\u9fff]{0,4}(?:编辑|作者|记者|来源|校对|审核|审校|策划|制作|设计|排版|翻译|监制|出品|主编|摄影|统筹))"
    r"\s*[:：]\s*(?P<names>\S.*)$"
)
_BY_LINE = re.compile(
    r"^(?P<role>[A-Z][a-z]+(?: [a-z]+){0,3} by)\s+(?P<name>\S.*?)\.?$"
)
_NAME_SEPARATOR = re.compile(r"\s*(?:[,，、/&;；]|\band\b)\s*")
# Lower-case words a name may hold: "Dept. of Overseas News", "Ludwig van Beethoven".
_PARTICLES = frozenset(
    {"of", "for", "the", "and", "de", "van", "von", "der", "da", "di", "du", "la", "le"}
)
_MAX_NAME_WORDS = 10


class Credit(TypedDict):
    role: str
    names: list[str]


def parse_credit(line: str) -> Credit | None:
    """The credit ``line`` gives, or None when it is not one.

    Names must look like names (capitalised words), so a sentence that happens
    to start with ``Note:`` is not taken for a credit.
    """
    by = _BY_LINE.match(line)
    if by and _is_name(by["name"]):
        return {"role": by["role"], "names": [by["name"]]}
    role = _ROLE_LINE.match(line)
    if role is None:
        return None
    names = [name for name in _NAME_SEPARATOR.split(role["names"].rstrip(".")) if name]
    if not names or not all(map(_is_name, names)):
        return None
    return {"role": role["role"], "names": names}


def _is_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _MAX_NAME_WORDS and all(map(_is_name_word, words))


def _is_name_word(word: str) -> bool:
    first = word[0]
    return first.isupper() or first.isdigit() or is_cjk(first) or word in _PARTICLES
