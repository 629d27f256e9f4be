#!/usr/bin/env python3
"""Opens the HTML page that reports_tests writes for the fixture report
(tests/reports/fixture.hpp) in headless Chromium, after its inline script has
run, and checks the DOM: body[data-rendered="yes"], the grade transition
matrix, and the histogram bars (one rect.bar per bin of the JSON block, their
data-count summing to the number of compared records, each count equal to the
deltas that fall in its interval). Then takes a 1280×2000 screenshot as a test
artifact. Standard library only; writes nothing beside the page.

usage: check_html.py PATH/compare.html SCREENSHOT.png
exit: 0 pass, 1 fail, 77 Chromium not installed (ctest SKIP_RETURN_CODE).
"""
import decimal
import html.parser
import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import time

TIMEOUT = 60  # seconds per Chromium run

# The fixture: 优→优 1, 优→良 1, 良→良 1, 中→中 1; 4 compared records with
# deltas −2.5, +1.5, +0.75, 0, drawn as 9 bars of width 0.5.
EXPECTED_MATRIX = {
    ("优", "优"): 1, ("优", "良"): 1, ("优", "中"): 0, ("优", "差"): 0,
    ("良", "优"): 0, ("良", "良"): 1, ("良", "中"): 0, ("良", "差"): 0,
    ("中", "优"): 0, ("中", "良"): 0, ("中", "中"): 1, ("中", "差"): 0,
    ("差", "优"): 0, ("差", "良"): 0, ("差", "中"): 0, ("差", "差"): 0,
}
EXPECTED_COMPARED = 4
EXPECTED_BARS = 9

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


class Dom(html.parser.HTMLParser):
    """Collects what the checks need from the dumped DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.body = None
        self.cells = {}        # (old, new) -> text
        self.bars = []         # attrs of rect.bar
        self.records = 0       # details.rec
        self.data = None       # text of script#report-data
        self._cell = None
        self._in_data = False
        self._data_parts = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        elif tag == "td" and "data-old" in a:
            self._cell = (a["data-old"], a.get("data-new"))
            self.cells[self._cell] = ""
        elif tag == "rect" and a.get("class") == "bar":
            self.bars.append(a)
        elif tag == "details" and "rec" in (a.get("class") or "").split():
            self.records += 1
        elif tag == "script" and a.get("id") == "report-data":
            self._in_data = True

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None
        elif tag == "script" and self._in_data:
            self._in_data = False
            self.data = "".join(self._data_parts)

    def handle_data(self, data):
        if self._cell is not None:
            self.cells[self._cell] += data
        if self._in_data:
            self._data_parts.append(data)


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_chromium(binary, profile, *args):
    command = [binary, "--headless=new", "--disable-gpu", "--no-sandbox", "--no-first-run",
               "--user-data-dir=" + profile, *args]
    started = time.monotonic()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=TIMEOUT)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        sys.stderr.write(result.stderr.decode("utf-8", "replace")[-3000:])
    return result, elapsed


def in_bar(delta, bar):
    lo, hi, kind = decimal.Decimal(bar["data-lo"]), decimal.Decimal(bar["data-hi"]), bar["data-kind"]
    if kind == "zero":
        return delta == 0
    if kind == "negative":
        return lo <= delta < hi
    return lo < delta <= hi


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    page = pathlib.Path(sys.argv[1]).resolve()
    shot = pathlib.Path(sys.argv[2]).resolve()
    binary = find_chromium()
    if not binary:
        print("SKIP: chromium not installed")
        return 77
    if not page.is_file():
        print("FAIL: no page at %s (run reports_tests first)" % page)
        return 1

    source = page.read_text(encoding="utf-8")
    check("http://" not in source and "https://" not in source, "the page names a URL")

    profile = tempfile.mkdtemp(prefix="rubric-chromium-")
    try:
        result, dump_time = run_chromium(binary, profile, "--dump-dom", page.as_uri())
        if not check(result.returncode == 0, "chromium --dump-dom exited with %d" % result.returncode):
            return report()
        dom = Dom()
        dom.feed(result.stdout.decode("utf-8"))

        check(dom.body is not None and dom.body.get("data-rendered") == "yes",
              "body[data-rendered] is %r after the scripts ran" % (dom.body or {}).get("data-rendered"))

        # The matrix, as the page shows it, against the fixture and the JSON block.
        cells = {k: v.strip() for k, v in dom.cells.items()}
        check(cells == {k: str(v) for k, v in EXPECTED_MATRIX.items()}, "transition matrix %r" % cells)
        data = json.loads(dom.data) if dom.data else None
        if check(data is not None, "no script#report-data in the DOM"):
            grades = data["grades"]
            from_json = {(grades[i], grades[j]): str(n) for i, row in enumerate(data["transitions"]) for j, n in enumerate(row)}
            check(cells == from_json, "matrix differs from the JSON block: %r vs %r" % (cells, from_json))

            # The histogram: one bar per bin, counts matching the deltas.
            deltas = [decimal.Decimal(d) for d in data["deltas"]]
            counts = [int(b.get("data-count", "-1")) for b in dom.bars]
            check(len(dom.bars) == EXPECTED_BARS == len(data["bins"]),
                  "%d rect.bar, expected %d (bins in JSON: %d)" % (len(dom.bars), EXPECTED_BARS, len(data["bins"])))
            check(sum(counts) == EXPECTED_COMPARED == data["compared"] == len(deltas),
                  "bars count %d records, compared %d" % (sum(counts), data["compared"]))
            for bar, count in zip(dom.bars, counts):
                inside = sum(1 for d in deltas if in_bar(d, bar))
                check(inside == count, "bar %s..%s (%s) says %d, deltas inside: %d"
                      % (bar.get("data-lo"), bar.get("data-hi"), bar.get("data-kind"), count, inside))
                check(float(bar.get("height", "-1")) >= 0 and (count == 0) == (float(bar.get("height")) == 0),
                      "bar height %r for count %d" % (bar.get("height"), count))
        check(dom.records == 5, "%d records (details.rec), expected 5" % dom.records)

        # The screenshot, kept under the build directory.
        shot.parent.mkdir(parents=True, exist_ok=True)
        if shot.exists():
            shot.unlink()
        result, shot_time = run_chromium(binary, profile, "--hide-scrollbars", "--window-size=1280,2000",
                                         "--screenshot=" + str(shot), page.as_uri())
        check(result.returncode == 0, "chromium --screenshot exited with %d" % result.returncode)
        if check(shot.is_file(), "no screenshot at %s" % shot):
            size = shot.stat().st_size
            check(png_size(shot) == (1280, 2000), "screenshot is not a 1280×2000 PNG: %r" % (png_size(shot),))
            check(size > 20000, "screenshot is only %d bytes" % size)
            print("screenshot: %s (%d bytes)" % (shot, size))
        print("chromium: dump-dom %.1f s, screenshot %.1f s" % (dump_time, shot_time))
    except subprocess.TimeoutExpired as e:
        check(False, "chromium did not finish within %d s: %s" % (TIMEOUT, " ".join(e.cmd[:6])))
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return report()


def report():
    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print("OK: %s rendered; matrix, %d bars and the JSON block agree" % (sys.argv[1], EXPECTED_BARS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
