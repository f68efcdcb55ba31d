"""What happens after recognition on a scanned page: amounts, metadata lines, wrapped lines, marks.

OCR misreads are simulated on the seed's text layer (the page presented as if OCR had read it, a
few chars edited), so that each repair is checked against what the page really prints.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from conftest import FIXTURES, RENDERINGS
from extractor import pipeline
from extractor.layouts import repairs as repair
from extractor.layouts.wide.records import _metadata
from extractor.source import pdf as read
from extractor.source.ocr.page import OCRPageText

TEXT = FIXTURES / RENDERINGS[0]


def as_ocr(page: read.PageText, chars=None) -> OCRPageText:
    fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(read.PageText)}
    if chars is not None:
        fields["chars"] = chars
    return OCRPageText(**fields, dpi=200)


@pytest.fixture(scope="module")
def text_source():
    return read.read_pdf(TEXT)


@pytest.fixture(scope="module")
def plain(text_source):
    return pipeline.extract_source(text_source)


# ---------------------------------------------------------------- amounts


@pytest.mark.parametrize("read_as,amount", [
    ("1,234.5O", "1,234.50"),   # a letter that looks like one digit only
    ("l8,276.74", "18,276.74"),
    ("'1,234.56", "1,234.56"),  # a speck before the first digit
    ("1,234.56。", "1,234.56"),
    ("18.276.74", "18,276.74"),  # separators confused
    ("2，467.17", "2,467.17"),
])
def test_amount_read_with_a_stray_char_is_set_right(read_as, amount):
    fixed, changes = repair.fix_amount(read_as)
    assert fixed == amount and changes


@pytest.mark.parametrize("read_as", [
    "1,2?4.00",  # a character that could be any digit
    "OO.O",      # more guesses than digits
    "备注",
    "2,467.17",  # already an amount
    "18.276",    # one separator: a thousands group or decimals, the cell cannot tell
])
def test_amount_is_left_as_read_unless_one_reading_is_left(read_as):
    assert repair.fix_amount(read_as) == (read_as, [])


LOOKALIKE = {"0": "O", "1": "l", "2": "Z", "5": "S", "6": "G", "8": "B", "9": "g"}


def test_a_digit_inferred_from_a_letter_is_a_warning_on_its_record(text_source, plain):
    """A project's 总计 read with its last digit as the letter it looks like (2,467.17 → 2,467.1l):
    set right, with a warning on the record (a wrong digit would otherwise move money silently)."""
    target = next(p for u in plain.units for p in u.projects if p.amounts.total is not None
                  and f"{p.amounts.total:,.2f}"[-1] in LOOKALIKE)
    printed = f"{target.amounts.total:,.2f}"
    page = text_source.pages[target.pages[0] - 1]
    tops = sorted({round(c.top) for c in page.chars if target.bbox[1] - 1 <= c.top <= target.bbox[3]})
    lines = [sorted((c for c in page.chars if round(c.top) == t), key=lambda c: c.x0) for t in tops]
    line = next(ln for ln in lines if printed in "".join(c.text for c in ln))
    at = "".join(c.text for c in line).index(printed) + len(printed) - 1
    chars = list(page.chars)
    chars[chars.index(line[at])] = dataclasses.replace(line[at], text=LOOKALIKE[printed[-1]])
    pages = [as_ocr(p, chars if p.number == page.number else None) for p in text_source.pages]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    got = next(p for u in doc.units for p in u.projects if p.name == target.name)
    assert got.amounts.total == target.amounts.total
    assert any(f.code == "OCR_REPAIR" and f.severity == "warning" and printed in f.message for f in doc.findings)


# ---------------------------------------------------------------- metadata lines


@pytest.mark.parametrize("line,department,unit", [
    ("部门名称：广州市从化区人力资源和社会保障局单位:万元", "广州市从化区人力资源和社会保障局", "万元"),
    ("部门名称;广州市从化区人力资源和社会保障局单位：万元", "广州市从化区人力资源和社会保障局", "万元"),
    ("部门名称：禾丰县农业农村局单位元", "禾丰县农业农村局", "元"),
    ("部门名称：禾丰县农业农村局 单位：元", "禾丰县农业农村局", "元"),
    ("部门名称：禾丰县农业农村局单位.元", "禾丰县农业农村局", "元"),
    ("部门名称：某县事业单位单位：元", "某县事业单位", "元"),
])
def test_department_and_money_unit_split_however_the_gap_was_read(line, department, unit):
    fixed, _ = repair.fix_metadata_line(line)
    meta = _metadata([fixed])
    assert meta["department"] == department and meta["money_unit"] == unit


@pytest.mark.parametrize("lines,year", [
    (["2024年项目支出绩效目标表", "部门名称：某局　　单位：元"], 2024),
    (["项目支出绩效目标表", "2023年度", "部门名称：某局　　单位：元"], 2023),
    (["项目支出绩效目标表", "预算年度：2025年"], 2025),
    (["项目支出绩效目标表（2024年度）"], 2024),
    (["项目支出绩效目标表（2024年度)"], 2024),
    (["2O24年项目支出绩效目标表"], 2024),  # a letter read for a digit of the year
    (["项目支出绩效目标表", "预算年度：Z025年"], 2025),
    (["项目支出绩效目标表", "部门名称：某局　　单位：元"], None),
])
def test_budget_year_from_the_title_or_a_line_of_its_own(lines, year):
    fixed = [repair.fix_metadata_line(line)[0] for line in lines]
    assert _metadata(fixed).get("budget_year") == year


# ---------------------------------------------------------------- quotes and the indicator grammar


@pytest.mark.parametrize("read_as,printed", [
    ("“三支一扶\"毕业生参保率", "“三支一扶”毕业生参保率"),  # a straight quote closing a curly one
    ("\"三支一扶”毕业生参保率", "“三支一扶”毕业生参保率"),
    ("“三支一扶“毕业生参保率", "“三支一扶”毕业生参保率"),
])
def test_a_quote_takes_the_shape_of_its_partner(read_as, printed):
    assert repair.pair_quotes(read_as)[0] == printed


@pytest.mark.parametrize("printed", ["\"甲\"和\"乙\"", "“甲”“乙”", "“三支一扶”毕业生", "按\"一户一档\"管理"])
def test_quotes_that_pair_as_printed_are_left_alone(printed):
    assert repair.pair_quotes(printed) == (printed, [])


def test_separators_before_a_target_label_are_one_semicolon():
    text = "1、1-产出指标；11-数量指标；服务期满率，；实施周期指标值：≤3.人；年度指标值：≥3.5人。"
    fixed, changes = repair.repair_indicator_text(text)
    assert fixed == "1、1-产出指标；11-数量指标；服务期满率；实施周期指标值：≤3人；年度指标值：≥3.5人。"
    assert {c.kind for c in changes} == {"separator", "value"}


def test_a_comparator_read_twice_and_specks_around_it_are_dropped():
    text = "1、1-产出指标；11-数量指标；培训农民人次；实施周期指标值:2≥3000人次；年度指标值::≥.90%。"
    fixed, _ = repair.repair_indicator_text(text)
    assert fixed == "1、1-产出指标；11-数量指标；培训农民人次；实施周期指标值:≥3000人次；年度指标值：≥90%。"
    printed = "1、1-产出指标；11-数量指标；成本；实施周期指标值：≥0.5元；年度指标值：2%。"
    assert repair.repair_indicator_text(printed) == (printed, [])


# ---------------------------------------------------------------- marks on names


def test_a_mark_on_a_name_no_other_project_shares_is_dropped(text_source, plain):
    """A speck after a name read as a ·: the name has no twin in its unit, so the mark tells nothing
    apart; it is dropped (with a finding), while the twins' real marks stay."""
    unit = plain.units[0]
    names = [p.name for p in unit.projects]
    lone = next(p for p in unit.projects if names.count(p.name) == 1 and p.name[-1] not in "·‘’"
                and not any(q.name.rstrip("·‘’") == p.name for q in unit.projects if q is not p))
    page = text_source.pages[lone.pages[0] - 1]
    tops = sorted({round(c.top) for c in page.chars if lone.bbox[1] - 1 <= c.top <= lone.bbox[3]})
    last = max(t for t in tops if any(c.x0 < 200 for c in page.chars if round(c.top) == t))  # the name's last line
    line = sorted((c for c in page.chars if round(c.top) == last and c.x0 < 200), key=lambda c: c.x0)
    speck = dataclasses.replace(line[-1], text="·", x0=line[-1].x1, x1=line[-1].x1 + 1.5)
    pages = [as_ocr(p, list(p.chars) + ([speck] if p.number == page.number else [])) for p in text_source.pages]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    got = [p.name for u in doc.units for p in u.projects]
    assert got == [p.name for u in plain.units for p in u.projects]  # the twins' marks kept, the speck gone
    assert any(f.code == "OCR_REPAIR" and "dropped" in f.message and lone.name in f.message for f in doc.findings)


# ---------------------------------------------------------------- a line read across a ruling


def test_a_line_read_across_a_rule_is_cut_at_the_rule():
    """The detector took the end of a goal line and the start of the indicator line as one (the rule
    between them whitened): each piece's characters land on their own side of the rule, and 95% is
    not cut in two."""
    import numpy as np

    from extractor.source.ocr.glyphs import chars_across_rules

    mask = np.zeros((20, 400), bool)
    for i in range(10):  # ten ideographs, 12 px each, left of the rule at x = 150
        mask[4:16, 10 + i * 13:21 + i * 13] = True
    for i in range(8):  # right of the rule: 9 5 % ； then four ideographs
        w = 7 if i < 3 else 12
        x = 160 + sum(8 if j < 3 else 13 for j in range(i))
        mask[4:16, x:x + w] = True
    text = "利共赢和谐稳定着力推95%；年度指标"
    chars = chars_across_rules(text, (10, 4, 160 + 3 * 8 + 5 * 13, 16), mask, [150], 1.0, 1.0, 10.0)
    left = "".join(c.text for c in chars if c.x1 <= 150)
    right = "".join(c.text for c in chars if c.x0 >= 150)
    assert left == "利共赢和谐稳定着力推" and right == "95%；年度指标"


# ---------------------------------------------------------------- second readings and the page's own words


def test_a_reading_the_page_prints_elsewhere_is_not_reread():
    """三支一扶 is no dictionary word and 一块 a common one: the words alone would take the recogniser's
    second reading 块; another line of the page printing 支一扶 keeps 扶. Without such a line, words decide."""
    from extractor.source import lexicon

    text = "“三支一扶”毕业生期满考核合格率"
    alts = [None] * len(text)
    alts[4] = (0.6, "块", 0.35)
    page = lexicon.page_words([text, "做好我区“三支一扶”工作"])
    assert lexicon.reread(text, alts, page) == (text, [])
    alone = lexicon.page_words([text, "保障工作，吸引和留住各地优秀大学生"])
    assert lexicon.reread(text, alts, alone)[0] == "“三支一块”毕业生期满考核合格率"


def test_a_mark_read_after_a_line_outside_the_name_column_is_dropped(text_source, plain):
    """The mark detector reads a speck after the last glyph of a goal line as a ·: a trailing mark only
    tells project names apart, so outside the name column it is taken off again (and said so)."""
    from extractor.source.ocr import Mark

    target = plain.units[0].projects[0]
    page = text_source.pages[target.pages[0] - 1]
    goal_chars = [c for c in page.chars if target.bbox[1] - 1 <= c.top <= target.bbox[3] and 300 < c.x0 < 540]
    last_top = max(round(c.top) for c in goal_chars)
    end = max((c for c in goal_chars if round(c.top) == last_top), key=lambda c: c.x1)
    speck = dataclasses.replace(end, text="·", x0=end.x1, x1=end.x1 + 1.5)
    mark = Mark("·", speck.x0, speck.top, speck.x1, speck.bottom, 0.5, rival="")
    pages = []
    for p in text_source.pages:
        o = as_ocr(p, list(p.chars) + ([speck] if p.number == page.number else []))
        if p.number == page.number:
            o.marks = [mark]
        pages.append(o)
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    got = next(p for u in doc.units for p in u.projects if p.name == target.name)
    assert got.goal == target.goal
    assert any("belongs to no other cell" in f.message for f in doc.findings)


def test_a_closing_bracket_read_from_the_image_stays_outside_names():
    from extractor.layouts.repairs.table import _drop_marks_outside_names
    from extractor.layouts.wide.table import Column, Line, Row
    from extractor.source.ocr import Mark

    cols = [Column("项目名称", "name", 0, 100), Column("绩效目标", "goal", 100, 300)]
    row = Row(1, 10, 20, {1: [Line("（含县镇）", 110, 10, 160, 18), Line("完成学业·", 110, 20, 160, 28)]})
    marks = [Mark("）", 155, 11, 159, 17, 1.0), Mark("·", 155, 22, 157, 24, 0.5, rival="")]
    out = _drop_marks_outside_names(row, cols, marks)
    assert [line.text for line in out.cells[1]] == ["（含县镇）", "完成学业"]


def test_a_title_read_with_a_narrow_closing_bracket_is_paired():
    fixed, changes = repair.fix_metadata_line("项目支出绩效目标表（2024年度)")
    assert fixed == "项目支出绩效目标表（2024年度）" and changes
    assert _metadata([fixed])["title"] == "项目支出绩效目标表（2024年度）"


def test_a_mark_read_after_a_unit_name_is_dropped(text_source, plain):
    unit = plain.units[1]
    page = text_source.pages[unit.pages[0] - 1]
    tops = sorted({round(c.top) for c in page.chars if unit.bbox[1] - 1 <= c.top <= unit.bbox[3]})
    lines = [sorted((c for c in page.chars if round(c.top) == t and c.x0 < 200), key=lambda c: c.x0) for t in tops]
    line = next(ln for ln in lines if "".join(c.text for c in ln).endswith(unit.name[-2:]))
    speck = dataclasses.replace(line[-1], text="·", x0=line[-1].x1, x1=line[-1].x1 + 1.5)
    pages = [as_ocr(p, list(p.chars) + ([speck] if p.number == page.number else [])) for p in text_source.pages]
    doc = pipeline.extract_source(read.SourceFile(text_source.path, text_source.sha256, pages))
    assert [u.name for u in doc.units] == [u.name for u in plain.units]
    assert any("no other unit has this name" in f.message for f in doc.findings)


# ---------------------------------------------------------------- two rows read as one band


def _band(second_total: str):
    """合计 and a unit's row in one band (the rule between them not found), as a scan's lines."""
    from extractor.layouts.wide.table import Line, Row

    def line(text, x0, top):
        return Line(text, x0, top, x0 + 5 * len(text), top + 5)

    row = Row(1, 124.7, 145.5)
    row.cells = {0: [line("合计", 48, 124.7), line("临江市卫生健康委员会", 48, 140.2)],
                 1: [line("103,615,414.66", 237, 125.4), line(second_total, 237, 141.0)],
                 2: [line("69141989.30", 283, 125.4), line("51127398.50", 283, 140.6)],
                 3: [line("34473425.36", 330, 125.4), line("21541600.00", 330, 140.6)]}
    return row


def test_a_band_holding_two_rows_is_parted_where_each_adds_up():
    from extractor.layouts.repairs.rows import split_joined_rows

    kinds = ["name", "total", "source", "source"]
    parts, repair = split_joined_rows(_band("72,668,998.50"), kinds, 40, 800)
    assert [p.text(0) for p in parts] == ["合计", "临江市卫生健康委员会"]
    assert [p.text(1) for p in parts] == ["103,615,414.66", "72,668,998.50"]
    assert [p.text(3) for p in parts] == ["34473425.36", "21541600.00"]
    assert repair.severity == "warning" and "合计 | 临江市卫生健康委员会" in repair.changes[0].after
    # The second row's sources do not add up to what its 总计 cell reads: nothing proves two rows.
    parts, repair = split_joined_rows(_band("72,668,998.60"), kinds, 40, 800)
    assert len(parts) == 1 and repair is None


def test_a_full_stop_read_from_the_image_stays_only_at_the_end_of_a_goal():
    """A 。 the OCR stage read after a line's last glyph ends a 绩效目标; after a name, or after a goal's
    line that the cell continues below, it is taken off again."""
    from extractor.layouts.repairs.table import _drop_marks_outside_names
    from extractor.layouts.wide.table import Column, Line, Row
    from extractor.source.ocr import Mark

    cols = [Column("项目名称", "name", 0, 100), Column("绩效目标", "goal", 100, 300)]
    row = Row(1, 10, 30)
    row.cells = {0: [Line("就业补助资金。", 5, 10, 80, 18)],
                 1: [Line("促进就业。", 105, 10, 200, 18), Line("保障民生。", 105, 20, 200, 28)]}
    stops = [Mark("。", 72, 14, 78, 18, 1.0, rival="，"), Mark("。", 192, 14, 198, 18, 1.0, rival="，"),
             Mark("。", 192, 24, 198, 28, 1.0, rival="，")]
    out = _drop_marks_outside_names(row, cols, stops)
    assert out.text(0) == "就业补助资金" and out.text(1) == "促进就业保障民生。"
