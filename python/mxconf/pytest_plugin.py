"""pytest plugin (registered through the pytest11 entry point): every mxconf report made during a session is
collected, and written at the end with the C++ writers:

    pytest --mxconf-junit=mxconf.xml --mxconf-json=mxconf.json --mxconf-markdown=mxconf.md

The fixture `mxconf_reports` gives a test the reports its own checks made.
"""
from __future__ import annotations

import json
import pathlib
import xml.etree.ElementTree as ET

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("mxconf")
    group.addoption("--mxconf-junit", metavar="FILE", help="write every mxconf report of the session as JUnit XML")
    group.addoption("--mxconf-json", metavar="FILE", help="write every mxconf report of the session as a JSON list")
    group.addoption("--mxconf-markdown", metavar="FILE", help="write every mxconf report as Markdown")


class _Collector:
    def __init__(self):
        self.reports = []

    def __call__(self, report):
        self.reports.append(report)


_session = _Collector()


def pytest_configure(config):
    from . import testing

    if _session not in testing._listeners:
        testing._listeners.append(_session)


def pytest_sessionfinish(session):
    opt = session.config.getoption
    reports = _session.reports
    if opt("--mxconf-junit"):
        _write_junit(pathlib.Path(opt("--mxconf-junit")), reports)
    if opt("--mxconf-json"):
        items = [json.loads(r.json()) for r in reports]
        pathlib.Path(opt("--mxconf-json")).write_text(json.dumps(items, indent=2) + "\n")
    if opt("--mxconf-markdown"):
        pathlib.Path(opt("--mxconf-markdown")).write_text("\n".join(r.markdown() for r in reports))


def _write_junit(path, reports):
    """One <testsuites> holding each report's <testsuite> as the C++ writer wrote it; totals summed."""
    root = ET.Element("testsuites", name="mxconf")
    totals = {}
    for r in reports:
        doc = ET.fromstring(r.junit())
        for key, value in doc.attrib.items():
            if key != "name":
                try:
                    totals[key] = totals.get(key, 0) + float(value) if key == "time" else totals.get(key, 0) + int(value)
                except ValueError:
                    pass
        root.extend(doc.findall("testsuite"))
    for key, value in totals.items():
        root.set(key, f"{value:.3f}" if key == "time" else str(value))
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


@pytest.fixture
def mxconf_reports():
    """The mxconf reports made by this test, in order."""
    start = len(_session.reports)
    made = []
    yield made
    made.extend(_session.reports[start:])
