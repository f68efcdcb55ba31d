"""Repair what OCR misreads where the table's own grammar or arithmetic pins the right reading down.

Runs only on rows from pages read by OCR (`ocr.OCRPageText`); text-layer pages pass untouched,
and correct text passes unchanged. Two stages, each plain data in and plain data out, hooked
into pipeline.extract_source around rules.extract:

  ocr_text(table, pages) → (table, repairs)
      绩效指标 cells follow a grammar (extractor/indicators.py):
          N、c-一级指标；cc-二级指标；三级指标名称；实施周期指标值:V；年度指标值:V。
      OCR confuses ；/：, reads 、 as . , 指 as 措, drops a separator, garbles a level name or
      a label, and reads ≥ as 2 (`292%` for `≥92%`). Where the grammar says what stands at a
      place (a ； between fields, 、 after an item number and 。 before the next, the level name
      a code stands for, the labels and the colon after them) the reading is set right; a value
      over 100 % is set right only when one reading is left (see `_fix_values`).
      Names and goals: an official document number's 〔year〕 read with brackets that do not
      pair (`（2023.33号`), a closing bracket read narrower or wider than the one it closes, and
      in goals a ： before item N of a numbered list whose item N-1 precedes it. Nothing else:
      no dictionary guesses (薪 read as 新 stays).

  ocr_document(doc, repairs, pages) → doc
      A row printed on both sides of a page break and read differently by OCR (same amounts,
      next page, texts a few characters apart) takes the later reading for both copies, so that
      the checker counts it once. An amount is changed only when the reconciliation proves it:
      exactly one row (总计 ≠ sum of its sources) and one column (unit ≠ sum of its projects)
      disagree, by the same difference, and the cell where they cross differs from the value
      that satisfies both by a single digit. Anything short of that is left to the checker.

Every repair is a Finding: code OCR_REPAIR, severity info, the page and record, and what changed
(one finding per repaired cell listing its changes; one per amount; one per page-break pair).

Also on OCR'd pages: header labels from the vocabulary (a mark is never part of one), the 部门名称 /
单位 line split where OCR dropped its gap, amounts whose separators OCR confused, and an OCR_TWIN
warning on projects whose names differ only by a trailing mark.

Files: base (Change, Repair, Finding), indicators (the 绩效指标 grammar), text (names and goals),
header (labels, preamble, amount cells), table (the table stage), document (the document stage),
forms (per-project forms).
"""

from extractor.layouts.repairs.base import CODE, UNSURE_CODE, Change, Repair
from extractor.layouts.repairs.document import ocr_document, twin_findings
from extractor.layouts.repairs.forms import ocr_forms
from extractor.layouts.repairs.header import fix_amount, fix_amount_chars, fix_amount_separators, fix_header_labels, fix_metadata_line, vocabulary_label
from extractor.layouts.repairs.indicators import repair_indicator_text
from extractor.layouts.repairs.table import _mark_repair, ocr_text
from extractor.layouts.repairs.text import fix_doc_numbers, fix_final_colon, fix_list_separators, pair_brackets, pair_quotes
