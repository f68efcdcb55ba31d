"""The findings registry: every code a stage may put on a record, its severity and its meaning.

A finding (发现的问题) is how the toolkit says "look here": an amount that does not reconcile, an
indicator off the grammar, an OCR repair, a model answer that was not grounded. Codes are stable
(tools and reviewers filter on them); messages are free text. The README's table is generated from
this registry (`python -m extractor.findings`), and a test fails when a stage emits a code that is
not registered here.

To add a check: register its code here (severity, English and Chinese meaning), then emit it with
`models.Finding(code=…)`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    code: str
    severity: str  # the usual severity: error | warning | info (a stage may lower or raise it, as noted)
    en: str
    zh: str
    note: str = ""  # when the severity varies


_KINDS = [
    # amounts (金额)
    Kind("AMOUNT_ROW_SUM", "error", "a row's 总计 is not the sum of its source columns", "行的总计不等于各资金来源之和"),
    Kind("AMOUNT_UNIT_SUM", "error", "a unit row is not the sum of its projects (per column)", "单位行不等于其项目之和（逐列）"),
    Kind("AMOUNT_GRAND_SUM", "error", "the 合计 row is not the sum of the units", "合计行不等于各单位之和"),
    Kind("AMOUNT_MISSING", "error", "a row with no 总计", "缺少总计金额"),
    Kind("AMOUNT_UNREADABLE", "error", "an amount cell that is not a number", "金额单元格不是数字"),
    Kind("AMOUNT_COLUMN_AMBIGUOUS", "warning",
         "an amount whose column the page does not settle (it crosses a column edge, or fits two columns)",
         "金额所在列无法确定（跨越列边界，或可归入两列）"),
    # rows and records (行与记录)
    Kind("REPEATED_ROW", "info", "a row printed again after a page break; counted once, both pages kept",
         "跨页重复打印的行：只计一次，两页都保留"),
    Kind("DUPLICATE_PROJECT", "warning", "the same name and amounts twice in a unit, not at a page break; both kept",
         "同一单位内名称与金额都相同的两个项目（非跨页重复），均保留"),
    Kind("ROW_UNEXPECTED", "warning", "a second 合计 (or other one-off) row; ignored", "多余的合计等行，已忽略"),
    Kind("ROW_WITHOUT_NAME", "error", "a row with no name; not extracted", "没有名称的行，未提取"),
    Kind("PROJECT_WITHOUT_UNIT", "error", "a project before any unit row", "项目出现在任何单位行之前"),
    Kind("UNIT_WITHOUT_PROJECTS", "warning",
         "a unit row with amounts and no project under it: nothing checks its amounts (a cut-off table, or a total row read as a unit)",
         "有金额但其下没有项目的单位行：其金额无从核对（表格不全，或合计行被读成单位）"),
    Kind("TABLE_PAGES", "info", "the pages the table was found on, when it does not fill the PDF (other tables and prose left out)",
         "目标表所在页（其他表格和文字页已略过）"),
    Kind("SOURCE_LABEL_UNKNOWN", "warning", "a funding-source column label outside the vocabulary; kept under its own name",
         "资金来源列名不在词表中，按原名保留"),
    Kind("LAYOUT", "warning", "the page's layout could not be read as expected (what was skipped and why)",
         "版面无法按预期读取（跳过了什么、为什么）"),
    # indicators (绩效指标)
    Kind("IND_SYNTAX", "warning", "an indicator cell off the grammar", "绩效指标单元格不符合格式"),
    Kind("IND_SEQ", "warning", "indicator numbering is not 1..N", "指标序号不是 1..N"),
    Kind("IND_LEVEL1_CODE", "warning", "unknown level-1 code, or code and name disagree", "一级指标代码未知或与名称不符"),
    Kind("IND_LEVEL2_CODE", "warning", "unknown level-2 code, or code and name disagree", "二级指标代码未知或与名称不符"),
    Kind("IND_LEVEL_MISMATCH", "warning", "a level-2 indicator not under its level 1", "二级指标不属于其一级指标"),
    Kind("IND_LEVEL1_NAME", "warning", "(forms, which print no codes) a level-1 name we do not know", "（申报表）未知的一级指标名称"),
    Kind("IND_LEVEL2_NAME", "warning", "(forms, which print no codes) a level-2 name we do not know", "（申报表）未知的二级指标名称"),
    Kind("IND_VALUE_UNPARSED", "warning", "an indicator value that does not parse", "指标值无法解析"),
    Kind("IND_VALUE_EMPTY", "warning", "an empty indicator value", "指标值为空"),
    Kind("IND_VALUE_MISREAD", "warning", "a record whose parsed value disagrees with its raw text", "解析结果与原文不符"),
    Kind("IND_TARGET_DIFFERS", "warning", "实施周期 and 年度 values differ other than in format (100% = 100.00%)",
         "实施周期指标值与年度指标值不同（格式差异除外）", note="info on forms, where a 中期 value may rightly differ"),
    Kind("IND_MISSING", "warning", "a project with no indicators", "项目没有绩效指标"),
    # scans (扫描件)
    Kind("OCR_REPAIR", "info", "(scans) text or an amount set right where the grammar, the sums or the image prove it",
         "（扫描件）依据格式、合计或图像修正的识别结果", note="warning when ‘ or ’ was a close call"),
    Kind("OCR_TWIN", "warning", "(scans) two projects of one unit whose names differ only by a trailing mark (· ‘ ’) "
         "read from the image: which amount is whose rests on that mark", "（扫描件）同一单位内名称仅差末尾标记（· ‘ ’）的两个项目："
         "金额归属取决于从图像识别的标记，请核对"),
    Kind("OCR_UNSURE", "info", "(scans) an ideograph read with a close rival, left as read: where to look",
         "（扫描件）识别把握不大的汉字，按原样保留，请核对", note="warning when the two readings are within 0.3"),
    Kind("TEXT_LAYER_UNUSED", "info", "a page whose text layer was set aside (cid/private-use codes, or it failed "
         "the checks more often than OCR of the page image); the page was read by OCR",
         "文字层不可用（cid／私用区编码，或校验失败多于图像识别），该页改用 OCR 识别"),
    Kind("TEXT_LAYER_AMOUNT", "warning", "the text layer and the page image read an amount differently",
         "文字层与页面图像识别出的金额不一致"),
    # model (大模型)
    Kind("LLM_UNGROUNDED", "warning", "a value the model gave that is not in the source text; left out",
         "模型给出的值在原文中找不到，已舍弃"),
    Kind("LLM_UNKNOWN_COLUMN", "warning", "the model named a funding source the table does not have", "模型给出的资金来源表中没有"),
    Kind("LLM_HTTP", "error", "the model server answered with an HTTP error", "模型服务返回 HTTP 错误"),
    Kind("LLM_TRANSPORT", "error", "the model server could not be reached after retries", "多次重试后仍无法连接模型服务"),
    Kind("LLM_TRUNCATED", "error", "the model's answer was cut off at max_tokens", "模型回答被截断"),
    Kind("LLM_FORMAT", "error", "the server refused every response format", "模型服务拒绝所有输出格式"),
    Kind("LLM_BUDGET", "error", "the document's token budget is spent", "本文档的 token 预算已用完"),
    Kind("LLM_INVALID", "error", "no valid answer from the model after retries", "多次重试后模型仍未给出有效回答"),
    Kind("LLM_NOT_BETTER", "info", "(hybrid) the model's reading of a row passed the checks no better; the rules' one is kept",
         "（混合模式）模型读出的行并未更好地通过检查，保留规则读出的结果"),
]

REGISTRY: dict[str, Kind] = {k.code: k for k in _KINDS}


def kind(code: str) -> Kind:
    """The registered kind of a code; KeyError names the code when it is not registered."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"finding code {code!r} is not registered in extractor/findings.py") from None


def markdown_table() -> str:
    """The README's findings table."""
    rows = ["| code | severity | meaning | 含义 |", "|---|---|---|---|"]
    for k in _KINDS:
        sev = k.severity + (f" ({k.note})" if k.note else "")
        rows.append(f"| `{k.code}` | {sev} | {k.en} | {k.zh} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
