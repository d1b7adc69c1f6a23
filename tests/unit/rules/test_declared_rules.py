"""Rules declared in pyproject.toml and in a rules file, and the errors a bad one gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from harness.config import load_config
from harness.errors import ConfigError

SITE = """
[[tool.harness.sites]]
name = "news"
match = ["news/**"]
parser = "article"
"""


def write_project(root: Path, harness: str = "", site: str = "") -> Path:
    """A pyproject.toml with ``harness`` lines in [tool.harness] and ``site`` lines
    in its one site, ``news``."""
    text = f"[tool.harness]\n{harness}\n{SITE}{site}\n"
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return root


def rules_of(root: Path) -> list[str]:
    """The reprs of the rules the ``news`` site ends up with."""
    [site_rule] = load_config(root).sites
    return [repr(rule) for rule in site_rule.site.rules]


def test_rules_come_from_everywhere_in_order(tmp_path: Path) -> None:
    """Common rules, then the site's own, then the rules file's common and site rules."""
    write_project(
        tmp_path,
        harness='rules = [{ field = "title", length = { min = 10, max = 300 } }]\n'
        'rules_file = "quality/rules.toml"',
        site='rules = [{ field = "body[*].text", not_matches = "(?i)download our app",'
        ' severity = "warn" }]',
    )
    (tmp_path / "quality").mkdir()
    (tmp_path / "quality/rules.toml").write_text(
        'rules = [{ field = "views", in_range = { min = 0 } }]\n'
        "[sites.news]\n"
        'rules = [{ field = "section", one_of = ["news", "opinion"] }]\n',
        encoding="utf-8",
    )
    assert rules_of(tmp_path) == [
        "length('title', min=10, max=300)",
        "not_matches('body[*].text', '(?i)download our app', severity='warn')",
        "in_range('views', min=0)",
        "one_of('section', ['news', 'opinion'])",
    ]


def test_every_kind_reads_from_toml(tmp_path: Path) -> None:
    """Each rule kind has a TOML spelling; several kinds in one entry make an all_of."""
    write_project(
        tmp_path,
        harness="""rules = [
  { field = "title", required = true, non_empty = true, matches = "\\\\w" },
  { field = "published", date_window = { earliest = 2000-01-01T00:00:00Z, latest = "2030-01-01T00:00:00+08:00" } },
  { field = "body[*].text", must_contain = ["the"], ignore_case = true },
  { field = "body", must_not_contain = "Download", language = "en", severity = "warn" },
  { any_of = [ { field = "author", non_empty = true }, { field = "credits", non_empty = true } ] },
  { field = "section", not_ = { one_of = ["promo"] } },
  { not = { field = "section", one_of = ["ad"] }, severity = "warn" },
  { field = "title", all_of = [ { length = { max = 300 } }, { not_matches = "^\\\\s" } ] },
]""",
    )
    assert rules_of(tmp_path) == [
        r"all_of(required('title'), non_empty('title'), matches('title', '\\w'))",
        "date_window('published', earliest='2000-01-01T00:00:00+00:00', "
        "latest='2030-01-01T00:00:00+08:00')",
        "must_contain('body[*].text', 'the', ignore_case=True)",
        "all_of(must_not_contain('body', 'Download', severity='warn'), "
        "language('body', 'en', severity='warn'))",
        "any_of(non_empty('author'), non_empty('credits'))",
        "not_(one_of('section', ['promo']))",
        "not_(one_of('section', ['ad']), severity='warn')",
        r"all_of(length('title', max=300), not_matches('title', '^\\s'))",
    ]
    # Parallel runs send sites to other processes: they must pickle.
    config = load_config(tmp_path)
    assert pickle.loads(pickle.dumps(config)) == config


def test_a_project_without_rules_gets_none(tmp_path: Path) -> None:
    """No ``rules`` anywhere: the site carries an empty tuple."""
    assert rules_of(write_project(tmp_path)) == []


def config_error(root: Path) -> str:
    with pytest.raises(ConfigError) as error:
        load_config(root)
    return str(error.value)


@pytest.mark.parametrize(
    ("site", "message"),
    [
        (
            'rules = [{ field = "title", non_empty = true }, { rule = "no-such-rule" }]',
            "sites[0] (news) rules[1]: no harness.rules entry named 'no-such-rule'",
        ),
        (
            'rules = [{ field = "title", matches = "(" }]',
            "sites[0] (news) rules[0]: bad regular expression '(': missing ), "
            "unterminated subpattern at position 0",
        ),
        (
            'rules = [{ field = "title", length = { min = 10, max = 5 } }]',
            "sites[0] (news) rules[0]: min (10) is greater than max (5)",
        ),
        (
            'rules = [{ field = "title", length = { least = 10 } }]',
            "rules[0]: `length` takes a table of min and/or max, got {'least': 10}",
        ),
        (
            'rules = [{ field = "title", lenght = { min = 1 } }]',
            "rules[0]: unknown keys ['lenght']; known: [",
        ),
        (
            'rules = [{ field = "title" }]',
            "rules[0]: names nothing to check; give one of [",
        ),
        (
            "rules = [{ non_empty = true }]",
            "rules[0]: needs `field`, a JSON path",
        ),
        (
            'rules = [{ field = "title", non_empty = true, severity = "fatal" }]',
            "rules[0]: severity must be 'error' or 'warn', got 'fatal'",
        ),
        (
            'rules = [{ any_of = [{ field = "a", non_empty = true }, { field = "b[" , non_empty = true }] }]',
            "rules[0].any_of[1]: malformed JSON path 'b['",
        ),
        ('rules = ["title"]', "rules[0]: must be a table such as"),
        (
            'rules = { field = "title" }',
            "(news) rules: must be an array of rule tables",
        ),
    ],
)
def test_bad_site_rules_name_file_site_and_position(
    tmp_path: Path, site: str, message: str
) -> None:
    """A bad entry is a ConfigError naming pyproject.toml, the site and the entry."""
    text = config_error(write_project(tmp_path, site=site))
    where = f"{tmp_path / 'pyproject.toml'} [tool.harness] "
    assert text.startswith(where)
    assert text.count(where) == 1, text
    assert message in text


def test_bad_common_rule_names_its_position(tmp_path: Path) -> None:
    """An entry of [tool.harness] rules is named by its index there."""
    root = write_project(tmp_path, harness='rules = [{ field = "x", in_range = {} }]')
    assert config_error(root) == (
        f"{root / 'pyproject.toml'} [tool.harness] rules[0]: "
        "`in_range` takes a table of min and/or max, got {}"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '"missing.toml"',
            "`rules_file` 'missing.toml': {root}/missing.toml not found",
        ),
        ('"/etc/rules.toml"', "`rules_file` = '/etc/rules.toml' is an absolute path"),
        ('"../rules.toml"', "`rules_file` = '../rules.toml' points outside {root}"),
        ("3", "`rules_file` must be a file name, got 3"),
    ],
)
def test_rules_file_must_be_in_the_project(
    tmp_path: Path, value: str, message: str
) -> None:
    """A rules file that is missing, absolute or outside the project is refused."""
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "rules.toml").write_text("rules = []\n", encoding="utf-8")
    write_project(root, harness=f"rules_file = {value}")
    text = config_error(root)
    assert text.startswith(f"{root / 'pyproject.toml'} [tool.harness]: ")
    assert message.format(root=root) in text


def test_rules_file_through_a_symlink_out_is_refused(tmp_path: Path) -> None:
    """A rules file inside the project that links outside it is refused too."""
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "rules.toml").write_text("rules = []\n", encoding="utf-8")
    (root / "rules.toml").symlink_to(tmp_path / "rules.toml")
    write_project(root, harness='rules_file = "rules.toml"')
    assert f"`rules_file` = 'rules.toml' points outside {root}" in config_error(root)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("rules = [", "{file}: cannot read: "),
        ("[sites.sport]\nrules = []", "{file}: [sites.sport] names no configured site"),
        ("rule = []", "{file}: unknown keys ['rule']"),
        ("[sites.news]\nrule = []", "{file}: [sites.news] may hold only `rules`"),
        (
            '[sites.news]\nrules = [{ field = "x", matches = "[" }]',
            "{file} [sites.news] rules[0]: bad regular expression '['",
        ),
        ('rules = [{ field = "x", one_of = "news" }]', "{file} rules[0]: expected"),
    ],
)
def test_bad_rules_file_names_itself(
    tmp_path: Path, content: str, message: str
) -> None:
    """A broken rules file is a ConfigError naming that file and the entry."""
    file = tmp_path / "rules.toml"
    file.write_text(content, encoding="utf-8")
    write_project(tmp_path, harness='rules_file = "rules.toml"')
    assert message.format(file=file) in config_error(tmp_path)
