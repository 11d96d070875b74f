#!/usr/bin/env python3
"""Every cited section of the project's research notes resolves in docs/sources.md.

Code, tests, docs and the golden vectors' @clause lines cite four research notes that live outside the repository
(spec-rules.md, peer-lessons.md, peer-behaviour.md, real-clients.md). docs/sources.md gives, for each cited section,
the primary sources and the rule; each entry carries an HTML anchor such as <a id="spec-rules-2.2"></a>. This script
extracts every citation from the tracked files and fails, naming FILE:LINE and the citation, when its anchor is missing.

What counts as a citation (NOTE below stands for one of the four note names, with or without ".md"):
  * NOTE followed by one or more sections: "§2.2", "§2.2-§2.6", "§5.1–5.2", "§3, §4", "§6.8 and §6.10",
    "§2.2 table; §2.3". The list may continue on the next line when that line starts with "§" (after a comment
    marker). The list ends at "(", ")", ":", a quote, a sentence end, or another source's name.
  * peer-lessons sections may carry a letter: "§2A", "§2 B" (sub-sections A-E).
  * Later on the line of a spec-rules citation, a bare "§N" before any other source is named: "(spec-rules §2.1),
    MX saturates (§3.3), floor scale (OCP MX §6.3)" cites spec-rules §2.1 and §3.3.
  * peer-behaviour.md "heading": a quoted heading of that note (anchor peer-behaviour-<slug>).
  * NOTE alone (no section): the note itself (anchor = the note's name).
  * In a file whose first five lines cite spec-rules sections (the tests/cli scripts), a comment line that starts
    with "§N" is a spec-rules citation too.
Not scanned for citations: docs/sources.md (it defines the anchors), this script, and tests/fuzz/corpus
(fuzzer-mutated inputs, whose text is deliberately garbled). Also checked: every Markdown link into docs/sources.md
("sources.md#x", or "#x" inside it) names an anchor or a heading that exists.

Usage: check_sources.py [--root DIR] [--sources FILE] [--list] [--self-test]
Exit status: 0 all resolve; 1 a citation does not resolve (or no citation was found at all); 2 bad usage or I/O.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

NOTES = ("spec-rules", "peer-lessons", "peer-behaviour", "real-clients")
SECTION_SIGN = "\u00a7"
EXCLUDED_PREFIXES = ("tests/fuzz/corpus/",)
EXCLUDED_FILES = ("docs/sources.md", "tests/docs/check_sources.py")
# Names of other sources: a section list stops where one of them starts ("spec-rules §4; OCP MX §6.3").
OTHER_SOURCE = re.compile(r"OCP|OFP8|IEEE|PTX|MX paper|CUDA|Higham|TOSA|" + "|".join(NOTES))
NOTE_NAME = re.compile(r"(?<![\w-])(" + "|".join(NOTES) + r")(\.md)?`?")
NUMBER = r"\d+(?:\.\d+)*"
# One section: a number, an optional range end; peer-lessons sections may carry a letter ("§2A", "§2 B").
_RANGE_END = r"(?:\s*[-\u2013]\s*" + SECTION_SIGN + r"?\s*(" + NUMBER + r"))?"
SECTION = re.compile(SECTION_SIGN + r"\s?(" + NUMBER + r")()" + _RANGE_END)
LETTERED_SECTION = re.compile(SECTION_SIGN + r"\s?(" + NUMBER + r")(?:\s?([A-Z])(?![A-Za-z]))?" + _RANGE_END)
COMMENT_LEAD = re.compile(r"[ \t]*(?:///|//|/\*|\*|#|--|>)?[ \t]*")


@dataclass(frozen=True)
class Citation:
    path: str
    line: int
    text: str    # as written, for the message
    anchor: str  # the anchor docs/sources.md must define


def slug(heading: str) -> str:
    s = heading.lower().replace("\u2192", "->").replace("->", " to ")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def expand(note: str, first: str, letter: str | None, last: str | None) -> list[str]:
    """Anchors for one section or a range; a range whose ends share a parent lists every section between."""
    if letter:
        return [f"{note}-{first}{letter}"]
    if not last:
        return [f"{note}-{first}"]
    a, b = first.split("."), last.split(".")
    if len(a) == len(b) and a[:-1] == b[:-1] and int(a[-1]) <= int(b[-1]):
        stem = ".".join(a[:-1])
        return [f"{note}-{stem + '.' if stem else ''}{i}" for i in range(int(a[-1]), int(b[-1]) + 1)]
    return [f"{note}-{first}", f"{note}-{last}"]


def section_list(text: str, pos: int, note: str, path: str, line_of) -> tuple[list[Citation], int]:
    """Parse the sections cited from text[pos:] on; return them and where the list ended."""
    found: list[Citation] = []
    while True:
        m = (LETTERED_SECTION if note == "peer-lessons" else SECTION).match(text, pos)
        if not m:
            break
        for anchor in expand(note, m.group(1), m.group(2), m.group(3)):
            found.append(Citation(path, line_of(m.start()), f"{note} {m.group(0).strip()}", anchor))
        pos = m.end()
        # Look for the next section of the same list: words and separators, but no terminator, in between.
        nxt = pos
        while nxt < len(text):
            ch = text[nxt]
            if ch == SECTION_SIGN:
                break
            if ch in "():\"`" or (ch == "." and (nxt + 1 == len(text) or text[nxt + 1].isspace())):
                return found, nxt
            if ch == "\n":
                lead = COMMENT_LEAD.match(text, nxt + 1)
                if text.startswith(SECTION_SIGN, lead.end()):
                    nxt = lead.end()
                    break
                return found, nxt
            if OTHER_SOURCE.match(text, nxt):
                return found, nxt
            nxt += 1
        else:
            return found, nxt
        pos = nxt
    return found, pos


def same_line_sections(text: str, pos: int, path: str, line_of) -> list[Citation]:
    """Bare sections later on the line of a spec-rules citation, before any other source is named:
    "(spec-rules §2.1), MX saturates (§3.3), floor scale (OCP MX §6.3)" cites spec-rules §3.3, not §6.3."""
    found: list[Citation] = []
    eol = text.find("\n", pos)
    eol = len(text) if eol < 0 else eol
    while pos < eol:
        other = OTHER_SOURCE.search(text, pos, eol)
        sign = text.find(SECTION_SIGN, pos, eol)
        if sign < 0 or (other and other.start() < sign):
            break
        cited, pos = section_list(text, sign, "spec-rules", path, line_of)
        found.extend(cited)
        pos = max(pos, sign + 1)
    return found


def extract(path: str, text: str) -> list[Citation]:
    if not any(note in text for note in NOTES):
        return []

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    out: list[Citation] = []
    for m in NOTE_NAME.finditer(text):
        note, pos = m.group(1), m.end()
        # A list may start on the next line ("(spec-rules\n§5.3, §6.15)").
        gap = re.compile(r"[ \t]*(?:\n" + COMMENT_LEAD.pattern + r")?").match(text, pos)
        if text.startswith(SECTION_SIGN, gap.end()):
            cited, end = section_list(text, gap.end(), note, path, line_of)
            if cited:
                out.extend(cited)
                if note == "spec-rules":
                    out.extend(same_line_sections(text, end, path, line_of))
                continue
        heading = re.compile(r"[ \t]+\"([^\"\n]{1,60})\"").match(text, pos)
        if note == "peer-behaviour" and heading:
            out.append(Citation(path, line_of(m.start()), f'{note} "{heading.group(1)}"',
                                f"{note}-{slug(heading.group(1))}"))
            continue
        out.append(Citation(path, line_of(m.start()), note, note))
    # Implicit spec-rules citations: comment lines starting with "§N" in a file whose header cites spec-rules.
    head = "\n".join(text.split("\n", 5)[:5])
    if re.search(r"spec-rules(\.md)?`?\s*" + SECTION_SIGN, head):
        for lm in re.finditer(r"(?m)^" + COMMENT_LEAD.pattern + "(?=" + SECTION_SIGN + ")", text):
            cited, _ = section_list(text, lm.end(), "spec-rules", path, line_of)
            out.extend(c for c in cited if c not in out)
    return out


def tracked_files(root: Path) -> list[str]:
    try:
        r = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True)
        files = [f for f in r.stdout.decode("utf-8", "replace").split("\0") if f]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    # Not a git checkout (a source tarball): walk it, skipping build trees and hidden folders.
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        dirnames[:] = [d for d in dirnames
                       if not d.startswith(".") and not d.startswith("build") and d != "__pycache__"]
        for f in filenames:
            files.append(os.path.normpath(os.path.join(rel, f)).replace(os.sep, "/"))
    return files


def anchors_of(sources: Path) -> tuple[set[str], list[str], set[str]]:
    """The explicit anchors, the duplicated ones, and every link target (anchors plus GitHub heading slugs)."""
    text = sources.read_text(encoding="utf-8")
    ids = re.findall(r'<a id="([^"]+)"></a>', text)
    dups = sorted({i for i in ids if ids.count(i) > 1})
    headings = re.findall(r"(?m)^#{1,6}[ \t]+(.+?)[ \t]*$", text)
    slugs = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    return set(ids), dups, set(ids) | slugs


def broken_links(rel: str, text: str, targets: set[str]) -> list[str]:
    """Links into docs/sources.md (from other docs, or "#x" inside it) whose target does not exist."""
    pattern = r"\]\((?:sources\.md)?#([^)\s]+)\)" if rel == "docs/sources.md" else r"\]\([^)\s]*sources\.md#([^)\s]+)\)"
    return [f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: link to sources.md#{m.group(1)}, which has no such anchor"
            for m in re.finditer(pattern, text) if m.group(1) not in targets]


def check(root: Path, sources: Path, show: bool) -> int:
    if not sources.is_file():
        print(f"check_sources: {sources}: no such file (it must define the citation anchors)", file=sys.stderr)
        return 2
    anchors, dups, targets = anchors_of(sources)
    status = 0
    for d in dups:
        print(f"{sources}: anchor {d!r} is defined more than once")
        status = 1
    citations: list[Citation] = []
    for rel in tracked_files(root):
        if rel.startswith(EXCLUDED_PREFIXES):
            continue
        p = root / rel
        try:
            data = p.read_bytes()
        except OSError:
            continue  # a tracked file deleted in the working tree
        if b"\0" in data[:8192]:
            continue  # binary
        text = data.decode("utf-8", "replace")
        if rel.endswith(".md"):
            for problem in broken_links(rel, text, targets):
                print(problem)
                status = 1
        if rel not in EXCLUDED_FILES:
            citations.extend(extract(rel, text))
    missing = [c for c in citations if c.anchor not in anchors]
    for c in missing:
        print(f"{c.path}:{c.line}: cites {c.text!r}, but {sources.name} has no entry "
              f'<a id="{c.anchor}"></a>')
    if show:
        counts: dict[str, int] = {}
        for c in citations:
            counts[c.anchor] = counts.get(c.anchor, 0) + 1
        for anchor in sorted(counts):
            print(f"{counts[anchor]:6d}  {anchor}")
    if not citations:
        print("check_sources: no citation found at all: the scan is broken", file=sys.stderr)
        return 1
    files = len({c.path for c in citations})
    print(f"check_sources: {len(citations)} citations in {files} files, {len({c.anchor for c in citations})} "
          f"distinct sections, {len(missing)} unresolved ({len(anchors)} anchors in {sources.name})")
    if missing:
        print(f"check_sources: FAILED: give each section above an entry with its anchor in {sources} "
              "(primary sources and the rule), or correct the citation")
        return 1
    return status


def self_test() -> int:
    """The check must be able to fail: a tree citing a section sources.md lacks fails and names FILE:LINE."""
    bad = "spec-rules " + SECTION_SIGN + "9.9"
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / "docs").mkdir()
        (root / "docs" / "sources.md").write_text('<a id="spec-rules-2.2"></a>\n<a id="peer-lessons-2B"></a>\n'
                                                  "## A heading\nSee [x](#a-heading) and [y](#nowhere).\n")
        (root / "a.cpp").write_text("// fine (spec-rules " + SECTION_SIGN + "2.2; peer-lessons " + SECTION_SIGN
                                    + "2 B)\n// broken: " + bad + "\n")
        cites = extract("a.cpp", (root / "a.cpp").read_text())
        want = {("a.cpp", 1, "spec-rules-2.2"), ("a.cpp", 1, "peer-lessons-2B"), ("a.cpp", 2, "spec-rules-9.9")}
        got = {(c.path, c.line, c.anchor) for c in cites}
        if got != want:
            print(f"self-test: extracted {sorted(got)}, expected {sorted(want)}", file=sys.stderr)
            return 1
        r = subprocess.run([sys.executable, __file__, "--root", d, "--sources", str(root / "docs" / "sources.md")],
                           capture_output=True, text=True)
        if (r.returncode != 1 or "a.cpp:2:" not in r.stdout or "spec-rules-9.9" not in r.stdout
                or "docs/sources.md:4: link to sources.md#nowhere" not in r.stdout or "#a-heading" in r.stdout):
            print(f"self-test: a missing section was not reported (exit {r.returncode}):\n{r.stdout}{r.stderr}",
                  file=sys.stderr)
            return 1
    # Range expansion and the other citation shapes.
    cases = {
        "x (spec-rules " + SECTION_SIGN + "2.2\u2013" + SECTION_SIGN + "2.4, " + SECTION_SIGN + "5.2)":
            ["spec-rules-2.2", "spec-rules-2.3", "spec-rules-2.4", "spec-rules-5.2"],
        "spec-rules " + SECTION_SIGN + "3-4 and OCP " + SECTION_SIGN + "6.3": ["spec-rules-3", "spec-rules-4"],
        "(spec-rules " + SECTION_SIGN + "2.2 table; " + SECTION_SIGN + "2.3): PTX " + SECTION_SIGN + "7":
            ["spec-rules-2.2", "spec-rules-2.3"],
        "(spec-rules\n// " + SECTION_SIGN + "5.3, " + SECTION_SIGN + "6.15)": ["spec-rules-5.3", "spec-rules-6.15"],
        "spec-rules " + SECTION_SIGN + "6. Then " + SECTION_SIGN + "8": ["spec-rules-6", "spec-rules-8"],
        "(spec-rules " + SECTION_SIGN + "2.1), MX (" + SECTION_SIGN + "3.3), scale (OCP MX " + SECTION_SIGN + "6.3)":
            ["spec-rules-2.1", "spec-rules-3.3"],
        "spec-rules " + SECTION_SIGN + "2.1\nIEEE " + SECTION_SIGN + "7.4": ["spec-rules-2.1"],
        "peer-lessons " + SECTION_SIGN + "2A": ["peer-lessons-2A"],
        "peer-lessons " + SECTION_SIGN + "2 F: x": ["peer-lessons-2F"],
        "peer-lessons " + SECTION_SIGN + "3 The": ["peer-lessons-3"],
        "spec-rules " + SECTION_SIGN + "1.1 E4M3": ["spec-rules-1.1"],
        'peer-behaviour.md "fp32 \u2192 E8M0"': ["peer-behaviour-fp32-to-e8m0"],
        '"peer-behaviour: sign kept", "x"': ["peer-behaviour"],
        "real-clients.md " + SECTION_SIGN + "1": ["real-clients-1"],
    }
    for text, want_anchors in cases.items():
        got_anchors = [c.anchor for c in extract("t", text)]
        if got_anchors != want_anchors:
            print(f"self-test: {text!r} gave {got_anchors}, expected {want_anchors}", file=sys.stderr)
            return 1
    print("check_sources self-test: a missing section fails with FILE:LINE; citation shapes parse as expected")
    return 0


def main() -> int:
    here = Path(__file__).resolve()
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", type=Path, default=here.parents[2], help="source tree (default: this checkout)")
    ap.add_argument("--sources", type=Path, help="the anchor file (default: ROOT/docs/sources.md)")
    ap.add_argument("--list", action="store_true", help="also print each cited anchor with its count")
    ap.add_argument("--self-test", action="store_true", help="show that a missing section makes the check fail")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.root.is_dir():
        print(f"check_sources: --root {args.root}: not a directory", file=sys.stderr)
        return 2
    return check(args.root, args.sources or args.root / "docs" / "sources.md", args.list)


if __name__ == "__main__":
    sys.exit(main())
