"""The generic article parser and the truth check on real pages of the shared corpora.

The corpora sit beside the repository (``../shared/corpora``), read in place and
never copied here. A fixed sample, the first eight annotated pages of each corpus
by file name, is scored against its ground truth the way ``nox -s bench-corpora``
scores whole corpora. Measured on that sample (trafilatura 2.3): scrapinghub-aeb
body token F1 0.952, trafilatura-eval snippets met 0.979, chinese-wced body
token F1 0.969 (trafilatura alone: 0.952, 0.979, 0.731). The floors sit a little
below, so an upgrade that loses a paragraph somewhere fails, not a comma.
"""

from __future__ import annotations

import gzip
import json
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from harness.corpora import corpus_truth
from harness.model import Site
from harness.pages import load_page
from harness.parsers import get_parser
from harness.truth import Truth, truth_score

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
SAMPLE = 8
FLOORS = {  # corpus: (page glob, floor for the sample's mean score)
    "scrapinghub-aeb": ("html/*.html.gz", 0.92),
    "trafilatura-eval": ("html/*.gz", 0.95),
    "chinese-wced": ("original/*.html", 0.94),
}
SITE = Site(name="corpus", parser="article")
Cli = Callable[..., Any]
# A Nicaraguan news page whose "read also" links trafilatura keeps in the body;
# trafilatura-eval lists them under `without`.
LEAKY = "trafilatura-eval/html/100noticias.com-millones.html.gz"
AEB_PAGE = "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz"


def corpus(name: str) -> Path:
    folder = CORPORA / name
    if not folder.is_dir():
        pytest.skip(
            f"../shared/corpora not found: {folder} (the corpora are read from there)"
        )
    return folder


def sample(name: str) -> dict[Path, Truth]:
    pattern, _ = FLOORS[name]
    pages = {}
    for path in sorted(corpus(name).glob(pattern)):
        if (truth := corpus_truth(path)) is not None:
            pages[path] = truth
        if len(pages) == SAMPLE:
            return pages
    pytest.fail(f"fewer than {SAMPLE} annotated pages in {corpus(name)}")


def article_text(path: Path) -> str:
    record = get_parser("article")(load_page(path, name=path.name), site=SITE)
    return "\n".join(block["text"] for block in record["body"])


def library_text(path: Path) -> str:
    raw = path.read_bytes()
    return (
        trafilatura.extract(gzip.decompress(raw) if path.suffix == ".gz" else raw) or ""
    )


def mean_score(pages: dict[Path, Truth], extract: Callable[[Path], str]) -> float:
    return statistics.fmean(
        truth_score(extract(path), truth) for path, truth in pages.items()
    )


@pytest.mark.parametrize("name", FLOORS)
def test_sample_scores_above_its_floor_and_not_below_trafilatura_alone(
    name: str,
) -> None:
    """On 8 pages per corpus the article parser reaches the measured floor and the library's score."""
    pages = sample(name)
    ours = mean_score(pages, article_text)
    assert ours >= FLOORS[name][1], f"{name}: mean score {ours:.3f} on {SAMPLE} pages"
    library = mean_score(pages, library_text)
    assert ours >= library, (
        f"{name}: article {ours:.3f} < trafilatura alone {library:.3f}"
    )


def test_check_flags_a_leaked_without_snippet_on_a_real_page(
    tmp_path: Path, cli: Cli
) -> None:
    """harness check --seeds CORPUS --parser article reports the 'read also' link trafilatura kept."""
    folder = corpus("trafilatura-eval") / "html"
    run = cli("check", "--root", tmp_path, "--seeds", folder, "--parser", "article",
              CORPORA / LEAKY)  # fmt: skip
    assert run.code == 1
    out = run.out
    assert "  truth    body" in out
    assert 'text that must not be in the body is there: "Lea también: Impiden' in out
    assert "edit " + str(CORPORA / "trafilatura-eval" / "ground-truth.json") in out
    assert run.table()["parse"] == (1, 0, 0)


def test_update_writes_snapshots_in_the_project_never_in_the_corpus(
    tmp_path: Path, cli: Cli
) -> None:
    """Snapshots of a corpus page go below the root's snapshots/, mirroring the corpus path."""
    folder = corpus("scrapinghub-aeb") / "html"
    before = sorted(p.name for p in folder.parent.rglob("*"))
    args = (
        "--root",
        tmp_path,
        "--seeds",
        folder,
        "--parser",
        "article",
        folder / AEB_PAGE,
    )
    assert cli("update", *args).code == 0
    [snapshot] = (tmp_path / "snapshots").rglob("*.json")
    assert snapshot.name == AEB_PAGE + ".json"
    assert snapshot.parent.as_posix().endswith("shared/corpora/scrapinghub-aeb/html")
    assert sorted(p.name for p in folder.parent.rglob("*")) == before
    run = cli("check", *args)
    assert run.table()["snapshot"] == (1, 0, 0), run.out


def test_project_checks_a_corpus_folder_with_seeds(tmp_path: Path, cli: Cli) -> None:
    """A project reads a corpus with --seeds, its sites as configured; the corpus'
    cleaned text is the truth. Its own `seeds` may not point there."""
    folder = corpus("chinese-wced") / "original"
    site = (
        "[[tool.harness.sites]]\nname = 'wced'\nmatch = ['*']\nparser = 'article'\n"
        "timezone = 'Asia/Shanghai'\nrequired = ['body']\n"
    )
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.harness]\n\n{site}", encoding="utf-8")
    # Not [1]: its record keeps a "相关内容" (related content) heading, furniture
    # the quality check rightly flags.
    page = sorted(folder.glob("*.html"))[0]
    assert cli("update", "--root", tmp_path, "--seeds", folder, page).code == 0
    run = cli("check", "--root", tmp_path, "--seeds", folder, page)
    assert run.code == 0, run.out
    assert "│ truth    │      1 │      0 │       0 │" in run.out
    assert not list(folder.parent.rglob("*.json.json"))
    pyproject.write_text(
        f"[tool.harness]\nseeds = {json.dumps(str(folder))}\n\n{site}", encoding="utf-8"
    )
    refused = cli("check", "--root", tmp_path)
    assert refused.code == 2
    assert "`seeds` = " in refused.err
    assert "is an absolute path" in refused.err


def test_show_any_page_with_a_parser_and_no_project(tmp_path: Path, cli: Cli) -> None:
    """harness show PAGE --parser article --json needs no pyproject.toml; the time
    the page states is kept with its offset."""
    page = (
        corpus("trafilatura-eval") / "html" / "0a12df42d1764095989ab078ee0f940b.html.gz"
    )
    run = cli("show", "--root", tmp_path, page, "--parser", "article", "--json")
    assert run.code == 0, run.err
    record = json.loads(run.out)
    assert record["title"] == "Klimaschutz: Bohren, bis es heiß wird"
    assert record["published"] == "2019-10-19T19:08:22+02:00"  # its datePublished
    assert record["language"] == "de"
