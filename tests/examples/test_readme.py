"""The README's examples, run as written."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from harness.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_configuration_is_the_projects_own():
    """The [tool.harness] example in the README is the configuration this repo runs."""
    example = tomllib.loads(code_blocks("toml")[0])["tool"]["harness"]
    actual = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["harness"]
    assert example == actual


def test_readme_parser_example_checks_a_project(tmp_path, capsys):
    """The parser file and its configuration, as shown, check a project end to end."""
    (tmp_path / "parsers.py").write_text(code_blocks("python")[0])
    (tmp_path / "pyproject.toml").write_text(code_blocks("toml")[1])
    seed = tmp_path / "seeds" / "my-site" / "a.txt"
    seed.parent.mkdir(parents=True)
    seed.write_text("A title\nFirst paragraph.\nSecond paragraph.\n")
    assert main(["update", "--root", str(tmp_path)]) == 0
    assert main(["check", "--root", str(tmp_path)]) == 0
    assert main(["show", "--root", str(tmp_path), str(seed), "--json"]) == 0
    assert '"title": "A title"' in capsys.readouterr().out
