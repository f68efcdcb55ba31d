"""A wide table's header that OCR misread: found by its place and the body under it, with a finding.

Misreads are simulated on the seed's text layer (its pages presented as if OCR had read them, the
characters of one or more header labels replaced), so that what is found is checked against what
the page really prints.
"""

from __future__ import annotations

import dataclasses

import pytest

from conftest import FIXTURES, RENDERINGS
from extractor import InputError, pipeline
from extractor.layouts.repairs import fix_amount, vocabulary_label
from extractor.layouts.wide.header import find_header
from extractor.source import pdf as read
from extractor.source.ocr.page import OCRPageText

TEXT = FIXTURES / RENDERINGS[0]


@pytest.fixture(scope="module")
def text_source():
    return read.read_pdf(TEXT)


@pytest.fixture(scope="module")
def plain(text_source):
    return pipeline.extract_source(text_source)


def misread(source, labels: dict[str, str], ocr: bool = True, on=None):
    """The source with each header label of `labels` read as its value (on every page that prints
    the header, or on the pages `on`), as an OCR'd source when `ocr`."""
    pages = []
    for page in source.pages:
        chars = list(page.chars)
        header = find_header(page) if on is None or page.number in on else None
        for label in (header.labels if header else []):
            if label.text not in labels:
                continue
            inside = sorted((c for c in chars if label.x0 - 0.5 <= c.x0 and c.x1 <= label.x1 + 0.5
                             and label.top - 0.5 <= c.top and c.bottom <= label.bottom + 0.5 and c.text.strip()),
                            key=lambda c: (round(c.top), c.x0))
            new = labels[label.text]
            swapped = [dataclasses.replace(c, text=new[i] if i < len(new) else "") for i, c in enumerate(inside)]
            chars = [c for c in chars if not any(c is d for d in inside)] + [c for c in swapped if c.text]
        fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(read.PageText)}
        fields["chars"] = chars
        pages.append(OCRPageText(**fields, dpi=200) if ocr else read.PageText(**fields))
    return read.SourceFile(source.path, source.sha256, pages)


def amounts(doc):
    return [doc.totals] + [u.amounts for u in doc.units] + [p.amounts for u in doc.units for p in u.projects]


def test_a_total_label_read_past_recognising_is_found_by_its_place_and_its_sums(text_source, plain):
    doc = pipeline.extract_source(misread(text_source, {"总计": "si"}))
    assert amounts(doc) == amounts(plain)
    assert [p.name for u in doc.units for p in u.projects] == [p.name for u in plain.units for p in u.projects]
    said = [f for f in doc.findings if f.code == "LAYOUT" and "'si'" in f.message and "总计" in f.message]
    assert said and said[0].severity == "warning"


def test_an_indicator_label_read_loosely_is_taken_for_it(text_source, plain):
    doc = pipeline.extract_source(misread(text_source, {"绩效指标": "横宣指标"}))
    assert [len(p.indicators) for u in doc.units for p in u.projects] == \
        [len(p.indicators) for u in plain.units for p in u.projects]
    assert any(f.code == "LAYOUT" and "横宣指标" in f.message for f in doc.findings)


def test_a_header_misread_in_three_labels_is_refused(text_source):
    with pytest.raises(InputError, match="header"):
        pipeline.extract_source(misread(text_source, {"总计": "si", "绩效目标": "维技自称", "项目名称（资金使用单位）": "顶目各你"}))


def test_a_misread_label_over_an_empty_column_is_not_taken_for_the_total(text_source):
    """总计 is inferred from the amounts under it: with its column blank, nothing says it is one."""
    source = misread(text_source, {"总计": "si"})
    pages = []
    for page in source.pages:
        header = find_header(text_source.pages[page.number - 1])
        total = next((l for l in header.labels if l.text == "总计"), None) if header else None
        chars = [c for c in page.chars if total is None or c.top < header.bottom
                 or not (total.x0 - 12 <= c.x0 and c.x1 <= total.x1 + 12)]
        pages.append(dataclasses.replace(page, chars=chars))
    with pytest.raises(InputError, match="header"):
        pipeline.extract_source(read.SourceFile(source.path, source.sha256, pages))


def test_a_text_layer_header_is_never_guessed(text_source):
    with pytest.raises(InputError, match="header"):
        pipeline.extract_source(misread(text_source, {"总计": "si"}, ocr=False))


# ---------------------------------------------------------------- rows whose rules were too faint to find


def test_rows_between_two_found_rules_are_parted_by_their_totals(text_source, plain):
    """A scan where the rules under the header's first rows were too faint to find: 合计, the unit
    and its first project fall between two rules that were found, and are parted again, one row
    per amount in the 总计 column."""
    page = text_source.pages[0]
    header = find_header(page)
    long = sorted({round(r.y, 1) for r in page.hrules if r.x1 - r.x0 > 0.5 * page.width and r.y > header.bottom})
    drop = set(long[:3])  # the rules under 合计, under the unit and under the first project: kept only the 3rd
    drop.discard(long[2])
    pages = [dataclasses.replace(p, hrules=[r for r in p.hrules if p.number != 1 or round(r.y, 1) not in drop])
             for p in misread(text_source, {}).pages]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert amounts(doc) == amounts(plain)
    assert [p.name for u in doc.units for p in u.projects] == [p.name for u in plain.units for p in u.projects]


# ---------------------------------------------------------------- source labels


def test_a_source_label_misread_on_the_first_page_is_read_where_the_header_is_printed_again(text_source, plain):
    doc = pipeline.extract_source(misread(text_source, {"财政拨款": "财政接效"}, on={1}))
    assert doc.source_columns == plain.source_columns
    assert amounts(doc) == amounts(plain)
    assert any(f.code == "LAYOUT" and "财政接效" in f.message and "财政拨款" in f.message for f in doc.findings)


def test_a_source_label_misread_on_every_page_stays_as_read(text_source, plain):
    doc = pipeline.extract_source(misread(text_source, {"财政拨款": "财政接效"}))
    assert "财政接效" in doc.source_columns and "财政拨款" not in doc.source_columns


@pytest.mark.parametrize("read_as,label", [("-股公共预算拨款", "一般公共预算拨款"), ("一般公共预算", "一般公共预算")])
def test_a_dash_before_an_ideograph_in_a_label_is_read_as_one(read_as, label):
    assert vocabulary_label(read_as) == label


@pytest.mark.parametrize("read_as,amount", [("18,000,000:00", "18,000,000.00"), ("1·234·567.00", "1,234,567.00")])
def test_an_amount_whose_separator_was_read_as_a_colon_or_a_dot(read_as, amount):
    assert fix_amount(read_as)[0] == amount


# ---------------------------------------------------------------- names and the 合计 row unread


def test_a_name_read_as_letters_is_a_warning_on_its_record(text_source, plain):
    pages = misread(text_source, {}).pages
    target = plain.units[0].projects[0]
    page = pages[target.pages[0] - 1]
    x0, top, x1, bottom = target.bbox
    name_x1 = find_header(page).labels[1].x0  # the name column ends where 总计 begins
    chars = [dataclasses.replace(c, text="W") if c.x1 <= name_x1 and top - 1 <= c.top and c.bottom <= bottom + 1
             and "\u4e00" <= c.text <= "\u9fff" else c for c in page.chars]
    pages[target.pages[0] - 1] = dataclasses.replace(page, chars=chars)
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert any(f.code == "OCR_UNSURE" and f.severity == "warning" and f.record == "units[0].projects[0]"
               and "no Chinese character" in f.message for f in doc.findings)
    assert not any("no Chinese character" in f.message for f in plain.findings)


def test_a_first_row_whose_name_was_not_read_is_the_grand_total(text_source, plain):
    pages = misread(text_source, {}).pages
    first = pages[0]
    header = find_header(first)
    row_top = min(c.top for c in first.chars if c.text == "合")  # the 合计 row's name
    chars = [c for c in first.chars if not (c.text in "合计" and abs(c.top - row_top) < 1 and c.top > header.bottom)]
    pages[0] = dataclasses.replace(first, chars=chars)
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert doc.totals == plain.totals
    assert any(f.code == "LAYOUT" and f.record == "totals" and "合计" in f.message for f in doc.findings)


@pytest.mark.parametrize("line,fixed", [
    ("项目支出绩效目标表（含转移支付项目", "项目支出绩效目标表（含转移支付项目）"),
    ("2024年项目支出绩效目标表（含转移支付项目）", "2024年项目支出绩效目标表（含转移支付项目）"),
    ("部门名称：广州市（从化", "部门名称：广州市（从化"),  # not a title: left as read
])
def test_a_title_whose_closing_bracket_was_not_read_is_closed(line, fixed):
    from extractor.layouts.repairs import fix_metadata_line

    assert fix_metadata_line(line)[0] == fixed


# ---------------------------------------------------------------- a comparator's width


@pytest.mark.parametrize("cells,width", [
    (["实施周期指标值：＞90%；年度指标值：＞90%。", "实施周期指标值：>95%；年度指标值：＞95%。"], "wide"),
    (["实施周期指标值：>90%；年度指标值：>90%。", "实施周期指标值：＞95%；年度指标值：>95%。"], "narrow"),
    (["实施周期指标值：＞90%；年度指标值：>90%。"], None),  # too few to tell
    (["实施周期指标值：＞90%；年度指标值：＞90%。", "＜5次；＜5次"], None),  # one width only: nothing to set
    (["＞1", "＞2", ">3", ">4"], None),  # as many of each
])
def test_comparators_take_the_width_the_document_prints_most(cells, width):
    from extractor.layouts.repairs.table import _comparator_width

    assert _comparator_width(cells) == width


def test_a_comparator_set_to_the_documents_width_is_a_change():
    from extractor.layouts.repairs.table import _set_width

    text, changes = _set_width("实施周期指标值：>90%；年度指标值：＞90%", "wide")
    assert text == "实施周期指标值：＞90%；年度指标值：＞90%" and changes
    assert _set_width("年度指标值：＞90%", "wide") == ("年度指标值：＞90%", [])


def test_a_unit_name_a_character_away_from_the_departments_takes_its_reading(text_source, plain):
    unit = plain.units[0]
    assert unit.name == plain.department
    pages = misread(text_source, {}).pages
    page = pages[unit.pages[0] - 1]
    x0, top, x1, bottom = unit.bbox
    line = sorted((c for c in page.chars if top - 1 <= c.top and c.bottom <= bottom + 1 and c.x1 < 160
                   and "\u4e00" <= c.text <= "\u9fff"), key=lambda c: c.x0)
    assert "".join(c.text for c in line) == unit.name
    wrong = line[-1]  # 局 read as 周
    pages[unit.pages[0] - 1] = dataclasses.replace(
        page, chars=[dataclasses.replace(c, text="周") if c is wrong else c for c in page.chars])
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert doc.units[0].name == plain.units[0].name
    assert any(f.code == "OCR_REPAIR" and f.record == "units[0]" and "保障周" in f.message for f in doc.findings)


@pytest.mark.parametrize("line", ["部门名称！禾丰县农业农村局", "部门名称|禾丰县农业农村局", "部门名称：禾丰县农业农村局"])
def test_the_department_colon_read_as_a_bar_or_a_bang(line):
    from extractor.layouts.repairs import fix_metadata_line
    from extractor.layouts.wide.records import _metadata

    assert _metadata([fix_metadata_line(line)[0]])["department"] == "禾丰县农业农村局"


def test_a_row_cut_at_a_page_foot_is_its_reprint_s_beginning_though_read_a_mark_apart():
    from extractor.layouts.wide.records import _begins

    whole = "支持24个区级名师工作室开展教学研究、示范引领和青年教师培养，全年开展示范课及专题讲座96场以上。"
    top = "支持24个区级名师工作室开展教学研究、示范引领和青年教师培养。"
    assert _begins(whole, top, scanned=True)
    assert not _begins(whole, top, scanned=False)  # a text layer prints what it prints
    assert not _begins(whole, "组织全区中小学、幼儿园教师参加市、区级继续教育培训", scanned=True)
    name = "劳动保障监察协管员财政补助项目（2024年市补助）（穗财社〔2023〕33）"
    assert _begins(name, "员财政补助项目（2024年市补助）（穗财社", scanned=True)  # its first line lost
    assert not _begins(name, "员财政补助项目（2024年市补助）（穗财社", scanned=False)


def test_straight_quotes_curl_where_the_document_prints_the_phrase_curled():
    from extractor.layouts.repairs.table import _curly_as_elsewhere, _curly_quoted

    quoted = _curly_quoted(["“三支一扶”毕业生参保率", "做好我区“三支一扶”工作"])
    assert _curly_as_elsewhere('2022年高校毕业生"三支一扶"计划补助资金', quoted)[0] == "2022年高校毕业生“三支一扶”计划补助资金"
    assert _curly_as_elsewhere('做好"护校安园"工作', quoted) == ('做好"护校安园"工作', [])  # never curled here
