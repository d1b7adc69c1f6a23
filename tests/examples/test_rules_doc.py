"""The examples of docs/rules.md, loaded as a project would load them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from harness.config import load_config

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
CONFIG, COMPOSED, RULES_FILE, CUSTOM, ENTRY_POINT = re.findall(
    r"```toml\n(.*?)```", DOC, flags=re.DOTALL
)
SITE = '\n[[tool.harness.sites]]\nname = "aggregator"\nmatch = ["**"]\nparser = "aggregator"\n'


def site_rules(root: Path, pyproject: str) -> list[str]:
    """The reprs of the rules of the one site ``pyproject`` configures."""
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    [site_rule] = load_config(root).sites
    return [repr(rule) for rule in site_rule.site.rules]


def test_the_configuration_example_with_its_rules_file(tmp_path: Path) -> None:
    """The first example and the rules-file example load, in the documented order."""
    (tmp_path / "quality").mkdir()
    (tmp_path / "quality/rules.toml").write_text(RULES_FILE, encoding="utf-8")
    assert site_rules(tmp_path, CONFIG) == [
        "length('title', min=10, max=300)",
        "not_matches('body[*].text', '(?i)download our app', severity='warn')",
        "in_range('views', min=0)",
        "date_window('published', earliest='2015-01-01T00:00:00+00:00')",
        "one_of('language', ['en', 'zh'])",
        "must_not_contain('body[*].text', ['扫码下载', '相关推荐'])",
    ]


def test_the_composition_example(tmp_path: Path) -> None:
    """all_of, any_of, not_ and a composite's default field read as documented."""
    assert site_rules(tmp_path, f"[tool.harness]\n{COMPOSED}{SITE}") == [
        "all_of(non_empty('title'), length('body', min=3))",
        "any_of(non_empty('author'), non_empty('credits'))",
        "not_(one_of('section', ['promo', 'sponsored']))",
        r"any_of(matches('title', '^[A-Z]'), matches('title', '^\\d'))",
    ]


def test_the_custom_rule_example(tmp_path: Path) -> None:
    """The registered function and its config entry build the documented rule."""
    python = re.findall(r"```python\n(.*?)```", DOC, flags=re.DOTALL)[0]
    (tmp_path / "rules.py").write_text(python, encoding="utf-8")
    pyproject = f'[tool.harness]\nplugins = ["rules.py"]\n{CUSTOM}{SITE}'
    assert site_rules(tmp_path, pyproject) == ["max_blocks(limit=30, severity='warn')"]
    entry_points = tomllib.loads(ENTRY_POINT)["project"]["entry-points"]
    assert entry_points["harness.rules"] == {
        "max_blocks": "my_package.rules:max_blocks"
    }
