"""The JUnit XML report, for CI test viewers (Jenkins, GitLab, GitHub actions).

One ``<testsuite name="scrape-harness">`` holds a ``<testcase>`` per (seed,
check): ``classname`` is the seed's path with dots for slashes, ``name`` the
check. A failed check carries ``<failure>`` (its first finding as the message,
every finding as the text), a skipped one ``<skipped>``. Each unused snapshot is
one more failed testcase. The document follows the widely used Ant/Jenkins
schema (windyroad ``JUnit.xsd``), which is why there is no ``file`` attribute:
that schema has none, and the class name already names the seed.

The harness does not time its checks, so every ``time`` is 0.
"""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime

from lxml import etree

from harness.model import CheckResult, Finding
from harness.report import RunReport

SUITE_NAME = "scrape-harness"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold, even escaped (controls, lone surrogates)."""


def render(
    report: RunReport, *, timestamp: datetime | None = None, hostname: str | None = None
) -> str:
    """The report as a JUnit XML document.

    ``timestamp`` (default: now) and ``hostname`` (default: this machine's) fill
    the attributes the schema requires; pass them for reproducible output.
    """
    when = (timestamp or datetime.now(UTC)).replace(microsecond=0, tzinfo=None)
    suite = etree.Element("testsuite")
    properties = etree.SubElement(suite, "properties")
    etree.SubElement(properties, "property", name="root", value=xml_text(report.root))
    tests = failures = skipped = 0
    for seed in report.results:
        classname = class_name(seed.page)
        for result in seed.results:
            tests += 1
            case = testcase(classname, result.check)
            if result.status == "failed":
                failures += 1
                add_failure(case, result)
            elif result.status == "skipped":
                skipped += 1
                etree.SubElement(case, "skipped", message=xml_text(result.reason))
            suite.append(case)
    for snapshot in report.stale:
        tests += 1
        failures += 1
        case = testcase(class_name(snapshot), "snapshot")
        failure = etree.SubElement(
            case,
            "failure",
            message=xml_text(f"{snapshot}: unused snapshot, its seed is gone"),
            type="unused",
        )
        failure.text = xml_text(
            f"{snapshot}: its seed is gone; run `harness update --prune` to delete it"
        )
        suite.append(case)
    for verdict in report.corpus:
        tests += 1
        case = testcase(class_name(f"corpus/{verdict.site}"), "corpus")
        if verdict.failed:
            failures += 1
            add_failure(
                case,
                CheckResult("corpus", verdict.site, "failed", verdict.findings),
                named=True,
            )
        suite.append(case)
    suite.attrib.update(
        {
            "name": SUITE_NAME,
            "tests": str(tests),
            "failures": str(failures),
            "errors": "0",
            "skipped": str(skipped),
            "time": "0",
            "timestamp": when.isoformat(),
            "hostname": hostname or socket.gethostname() or "localhost",
        }
    )
    out = etree.SubElement(suite, "system-out")
    commands = report.accept_commands()
    if commands:
        out.text = xml_text(
            "If the snapshot changes are intended, accept them with:\n"
            + "".join(f"    {command}\n" for command in commands)
        )
    etree.SubElement(suite, "system-err")
    data: bytes = etree.tostring(
        suite, encoding="UTF-8", xml_declaration=True, pretty_print=True
    )
    return data.decode("utf-8")


def testcase(classname: str, name: str) -> etree._Element:
    return etree.Element(
        "testcase", classname=xml_text(classname), name=xml_text(name), time="0"
    )


def add_failure(
    case: etree._Element, result: CheckResult, *, named: bool = False
) -> None:
    """``named``: each finding says its page (the corpus rules span many)."""
    errors = [f for f in result.findings if f.severity == "error"]
    first = errors[0] if errors else None
    failure = etree.SubElement(
        case,
        "failure",
        message=xml_text(describe(first, named) if first else "failed"),
        type=xml_text(first.rule if first else result.check),
    )
    lines = [describe(f, named) for f in result.findings]
    lines += dict.fromkeys(f.hint for f in result.findings if f.hint)
    failure.text = xml_text("\n".join(lines))


def describe(finding: Finding, named: bool = False) -> str:
    """``body[3]: message (warning)``: one finding on one line."""
    where = f"{finding.path}: " if finding.path else ""
    if named:
        where = f"{finding.page}: {where}"
    warning = " (warning)" if finding.severity == "warn" else ""
    return f"{where}{finding.message}{warning}"


def class_name(page: str) -> str:
    """``seeds/site/a.txt`` → ``seeds.site.a.txt``, as test viewers group classes."""
    return page.replace("\\", "/").replace("/", ".")


def xml_text(value: object) -> str:
    """``value`` as text XML can hold: impossible characters become ``\\x0b`` escapes."""
    return _NOT_XML.sub(escape_char, str(value))


def escape_char(match: re.Match[str]) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
