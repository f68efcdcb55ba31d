"""The review page: one self-contained HTML file, a page image per page, a labelled box per record."""

import base64
import contextlib
import html
import io
import json
import re
import sqlite3
from html.parser import HTMLParser

import pytest

from conftest import FIXTURES, RENDERINGS
from extractor.store import db as store
from extractor.cli.main import main

NAME = RENDERINGS[0]


class Page(HTMLParser):
    """The parts of the page a test looks at: images, boxes (with the page section they are in), findings."""

    def __init__(self):
        super().__init__()
        self.imgs, self.boxes, self.findings, self.urls = [], [], [], []
        self.section = None
        self._li = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href", "action", "poster"):
            if a.get(key):
                self.urls.append(a[key])
        cls = (a.get("class") or "").split()
        if tag == "section" and a.get("id", "").startswith("page-"):
            self.section = int(a["id"][5:])
        elif tag == "img":
            self.imgs.append((self.section, a))
        elif tag == "div" and "box" in cls:
            self.boxes.append((self.section, cls, a))
        elif tag == "li" and "finding" in cls:
            self._li = [self.section, ""]
            self.findings.append(self._li)

    def handle_endtag(self, tag):
        if tag == "li":
            self._li = None

    def handle_data(self, data):
        if self._li is not None:
            self._li[1] += data


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, extracted):
    tmp = tmp_path_factory.mktemp("review")
    db_path = tmp / "budget.db"
    source, doc = extracted[NAME]
    store.save_document(store.open_db(db_path), doc, path=str(FIXTURES / NAME), sha256=source.sha256,
                        page_count=len(source.pages))
    out = tmp / "review.html"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["review", str(FIXTURES / NAME), "--db", str(db_path), "--out", str(out)]) == 0
    assert buf.getvalue().strip() == f"wrote {out}"
    text = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    return db_path, text, page


def test_one_readable_compressed_image_per_page(reviewed):
    from PIL import Image

    db_path, text, page = reviewed
    n = sqlite3.connect(db_path).execute("SELECT page_count FROM documents").fetchone()[0]
    assert [s for s, _ in page.imgs] == list(range(1, n + 1))
    for _, img in page.imgs:
        assert img["src"].startswith("data:image/webp;base64,")
        data = base64.b64decode(img["src"].split(",", 1)[1])
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
        assert (int(img["width"]), int(img["height"])) == (842, 595)  # shown at the page's size in points
        pixels = Image.open(io.BytesIO(data)).size
        assert pixels == (round(841.89 * 2), round(595.28 * 2))  # drawn at 144 dpi: twice the points
        assert img["loading"] == "lazy"
    assert len(text.encode()) / n < 1_000_000  # under ~1 MB a page, boxes and lists included


def test_png_on_request(reviewed, tmp_path):
    db_path, _, _ = reviewed
    out = tmp_path / "png.html"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["review", str(db_path), "1", "--image-format", "png", "--resolution", "72", "--out", str(out)]) == 0
    assert 'src="data:image/png;base64,' in out.read_text(encoding="utf-8")


def test_a_labelled_box_per_project_and_unit(reviewed):
    db_path, text, page = reviewed
    conn = sqlite3.connect(db_path)
    projects = conn.execute("SELECT name, bbox FROM projects").fetchall()
    units = [n for (n,) in conn.execute("SELECT name FROM units")]
    boxes = [(s, a) for s, cls, a in page.boxes if "project" in cls]
    assert sorted(a["data-name"] for _, a in boxes) == sorted(n for n, _ in projects)
    assert sorted(a["data-name"] for s, cls, a in page.boxes if "unit" in cls) == sorted(units)
    labels = {m[0]: html.unescape(m[1]) for m in re.findall(r'<a class="project" href="#(p-\d+)"[^>]*>([^<]*)</a>', text)}
    for _, a in boxes:  # each box labelled beside the page with its name
        assert a["data-name"] in labels[a["id"]]
    # A box is placed in percent of the page: x0, top, width, height from the stored bbox.
    first = next(a for _, a in boxes if a["data-name"] == projects[0][0])
    x0, top, x1, bottom = json.loads(projects[0][1])
    left = float(re.search(r"left:([\d.]+)%", first["style"]).group(1))
    assert left == pytest.approx(100 * x0 / 841.89, abs=0.01)
    repeated = "劳动保障监察协管员财政补助项目（2024年市补助）（穗财社〔2023〕33）"
    # A row repeated across a page break (pages 2 and 3) is drawn once, on its first page: its bbox's.
    assert [s for s, a in boxes if a["data-name"] == repeated] == [2]


def test_findings_listed_beside_their_boxes(reviewed):
    db_path, text, page = reviewed
    rows = sqlite3.connect(db_path).execute("SELECT id, code, message, pages FROM findings").fetchall()
    assert rows
    finding_boxes = {a["id"]: s for s, cls, a in page.boxes if "finding" in cls}
    for fid, code, message, pages in rows:
        listed = [s for s, t in page.findings if code in t and message in t]
        assert sorted(listed) == json.loads(pages)  # in the list of every page it concerns
        assert finding_boxes[f"f-{fid}"] in json.loads(pages)  # its box drawn on one of them
        assert f'href="#f-{fid}"' in text  # and a label beside the page that links to it


def test_self_contained(reviewed):
    _, text, page = reviewed
    assert all(u.startswith(("data:", "#")) for u in page.urls), [u for u in page.urls if not u.startswith("data:")]
    assert not re.search(r"https?://|url\(|@import|<link", text)


def test_review_by_document_id_and_errors(reviewed, tmp_path, capsys):
    db_path, _, _ = reviewed
    out = tmp_path / "by-id.html"
    assert main(["review", "1", "--db", str(db_path), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("<img ") == 12
    assert main(["review", "99", "--db", str(db_path)]) == 2
    assert main(["review", str(FIXTURES / RENDERINGS[1]), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "document 99: not in" in err and f"{RENDERINGS[1]}: not in" in err
