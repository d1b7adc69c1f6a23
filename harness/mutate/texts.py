"""The texts mutations inject: varied, in several languages, never one fixed string.

Each generator picks a language, then a template, then fills it with a made-up
brand, a topic and numbers, so the rules under test cannot simply learn one line.
Titles and snippets of related items come from the run's other pages, as an
aggregator would take them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from harness.mutate import Neighbour

LANGUAGES = ("en", "de", "fr", "es", "zh", "pt", "it")

_SYLLABLES = ("ka", "lo", "mi", "ne", "ver", "tor", "sa", "lu", "zen", "ro", "da", "fi")
_BRAND_SUFFIXES = ("", " News", " Daily", " Post", " Today", " Live", "24", " Hub")

HEADERS = {
    "en": ("Related", "More from {brand}", "Don't miss", "Also on {brand}",
           "Trending now", "Top stories", "Further reading", "What to read next"),
    "de": ("Mehr zum Thema", "Weitere Artikel", "Auch interessant", "Meistgelesen",
           "Das könnte Sie interessieren"),
    "fr": ("À lire aussi", "Sur le même sujet", "Les plus lus", "Nos articles"),
    "es": ("Te puede interesar", "Más noticias", "Lo más leído", "Relacionadas"),
    "zh": ("延伸阅读", "相关新闻", "热点推荐", "今日热榜", "为你推荐"),
    "pt": ("Leia também", "Mais lidas", "Veja também"),
    "it": ("Leggi anche", "I più letti", "Potrebbe interessarti"),
}  # fmt: skip

PROMOS = {
    "en": ("Get the {brand} app for breaking news alerts.",
           "Download the {brand} app and never miss a story.",
           "Install our free app to read {topic} stories offline",
           "Follow {brand} on {network} for more {topic} news",
           "Sign up for {brand} {topic} updates, free in your inbox",
           "Enjoying this article? Subscribe to {brand} for {price} a month."),
    "de": ("Jetzt die {brand}-App herunterladen und nichts verpassen!",
           "Folgen Sie {brand} auf {network}.",
           "Abonnieren Sie den {brand}-Newsletter zum Thema {topic}."),
    "fr": ("Téléchargez l'application {brand} pour suivre l'actualité {topic}.",
           "Suivez {brand} sur {network}",
           "Abonnez-vous à {brand} dès {price} par mois"),
    "es": ("Descarga la app de {brand} y recibe las noticias al instante",
           "Síguenos en {network} para más noticias de {topic}",
           "Suscríbete a {brand} por solo {price} al mes"),
    "zh": ("下载{brand}客户端，获取更多{topic}资讯", "关注{brand}{network}，精彩内容不错过",
           "扫码下载{brand}APP，第一时间阅读{topic}新闻"),
    "pt": ("Baixe o aplicativo {brand} e receba notícias de {topic}",
           "Siga o {brand} no {network}"),
    "it": ("Scarica l'app di {brand} per le notizie di {topic}",
           "Seguici su {network} per restare aggiornato"),
}  # fmt: skip

NEWSLETTERS = {
    "en": ("{brand} briefing", "Get our {topic} newsletter",
           "The best of {brand}, in your inbox every {day}.", "Sign up"),
    "de": ("{brand} Newsletter", "Bleiben Sie informiert",
           "Die wichtigsten {topic}-Nachrichten jeden {day} per E-Mail.", "Anmelden"),
    "fr": ("La lettre {brand}", "Inscrivez-vous à notre newsletter",
           "Recevez chaque {day} l'essentiel de l'actualité {topic}.", "Je m'inscris"),
    "es": ("Boletín {brand}", "Recibe nuestro boletín",
           "Las noticias de {topic} cada {day} en tu correo.", "Suscribirme"),
    "zh": ("{brand}早报", "订阅我们的{topic}快讯", "每{day}早上把精选内容发到你的邮箱。", "立即订阅"),
}  # fmt: skip

_DAYS = {
    "en": ("morning", "Friday", "week"), "de": ("Morgen", "Freitag", "Montag"),
    "fr": ("matin", "vendredi", "semaine"), "es": ("mañana", "viernes", "lunes"),
    "zh": ("天", "周", "日"),
}  # fmt: skip
_TOPICS = {
    "en": ("tech", "sport", "business", "travel", "science"),
    "de": ("Politik", "Sport", "Wirtschaft", "Digital"),
    "fr": ("sport", "économie", "culture", "tech"),
    "es": ("deportes", "economía", "cultura", "tecnología"),
    "zh": ("科技", "财经", "体育", "娱乐"),
    "pt": ("esportes", "economia", "política"),
    "it": ("sport", "economia", "cronaca"),
}  # fmt: skip
_NETWORKS = ("X", "Facebook", "Instagram", "WhatsApp", "Telegram", "微博", "微信公众号")
_PRICES = ("$1", "€2,99", "1 €", "$4.99", "€0.99")
_FILLER_TITLES = {
    "en": ("Five things to know before the markets open",
           "Why the city council delayed its vote again",
           "Inside the race to build a better battery"),
    "zh": ("三分钟看懂今年的新能源政策", "这座小城为何突然火了", "专家解读：房贷利率还会降吗"),
    "de": ("Was die neue Regelung für Mieter bedeutet", "So wird das Wetter am Wochenende"),
    "fr": ("Ce qu'il faut retenir du conseil des ministres", "Les prix de l'énergie en hausse"),
    "es": ("Las claves del nuevo presupuesto", "Qué hacer este fin de semana en la ciudad"),
}  # fmt: skip


def brand(rng: random.Random) -> str:
    name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
    return name.capitalize() + rng.choice(_BRAND_SUFFIXES)


def language(rng: random.Random, choices: Sequence[str] = LANGUAGES) -> str:
    return rng.choice(tuple(choices))


def fill(template: str, rng: random.Random, lang: str) -> str:
    return template.format(
        brand=brand(rng),
        topic=rng.choice(_TOPICS.get(lang, _TOPICS["en"])),
        network=rng.choice(_NETWORKS),
        price=rng.choice(_PRICES),
        day=rng.choice(_DAYS.get(lang, _DAYS["en"])),
    )


def header(rng: random.Random, lang: str) -> str:
    return fill(rng.choice(HEADERS[lang]), rng, lang)


def promo(rng: random.Random) -> str:
    lang = language(rng, tuple(PROMOS))
    return fill(rng.choice(PROMOS[lang]), rng, lang)


def newsletter(rng: random.Random) -> tuple[str, ...]:
    """A newsletter box: its name, a heading, a pitch and the button's label."""
    lang = language(rng, tuple(NEWSLETTERS))
    return tuple(fill(part, rng, lang) for part in NEWSLETTERS[lang])


def titles(rng: random.Random, others: Sequence[Neighbour], count: int) -> list[str]:
    """``count`` titles of the run's other pages, made-up ones when there are few."""
    pool = [n.title for n in others if n.title]
    if len(pool) < count:
        lang = language(rng, tuple(_FILLER_TITLES))
        pool += list(_FILLER_TITLES[lang])
    return rng.sample(pool, min(count, len(pool)))


def related(
    rng: random.Random, others: Sequence[Neighbour], count: int
) -> list[Neighbour]:
    """``count`` related items (title and snippet) from the run's other pages."""
    pool = [n for n in others if n.title and n.snippet]
    if len(pool) < count:
        pool += [Neighbour(t, t + "…") for t in titles(rng, [], count)]
    chosen = rng.sample(pool, min(count, len(pool)))
    return [Neighbour(n.title, _snippet(n.snippet, rng)) for n in chosen]


def _snippet(text: str, rng: random.Random) -> str:
    """The opening of a page's text, cut the way aggregators cut it."""
    limit = rng.choice((80, 120, 160, 200))
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + rng.choice(("…", "...", " …", " [...]", ""))


_WORD = re.compile(r"[^\W\d_][\w'-]{3,}")


def tags(rng: random.Random, others: Sequence[Neighbour], count: int) -> list[str]:
    """Tag-cloud entries: words of other pages' titles, with or without counts."""
    words: list[str] = []
    for title in titles(rng, others, 12):
        words += _WORD.findall(title) if " " in title else [title[:4], title[4:8]]
    words = list(dict.fromkeys(w for w in words if w.strip())) or ["news", "video"]
    shape = rng.choice(("{w} ({n})", "{w}", "#{w}", "{w} · {n}", "{w}（{n}）"))
    chosen = rng.sample(words, min(count, len(words)))
    return [shape.format(w=w, n=rng.randint(2, 999)) for w in chosen]
