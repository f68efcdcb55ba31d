"""The cue words of what a question asks and how it ranks (最多, 第二, 前三, 几个, 占比 …), and the
subject they rank or count (项目, 单位, 部门, 指标): text-only readings the measures and the two-step
planner share.

Every phrase here is read on the question with the names already claimed (□), so a cue inside a
name (最低生活保障, 就业补助资金) is never read as a cue.
"""

from __future__ import annotations

import re

from extractor.ask.plan import Filters, Plan
from extractor.ask.text import cn_number

N = r"(\d+|[一二两三四五六七八九十]+)"
#: 哪个部门的指标多 / 谁的预算少: a ranking without 最
RANK_WORD = r"(哪个|哪一个|哪家|谁)[^最]{0,10}?(更)?(多(?!少)|大|高|(?<!多)少|小|低)(一些|一点|些)?(呢|啊)?[?!.。？！]*(?:[,，]\s*(?:有|是|共)?(?:多少|几)[条个项家]?[?!.。？！]*)?$"
MOST = r"最多|最大|最高|最贵|最有钱|最富|第一多|第一大|排第一|排名第一|排在第一|数第一|居首"
LEAST = r"最少|最小|最低|最便宜|最没钱|最穷|倒数第一|垫底"
_SUBJECT = {"项目": "project", "单位": "unit", "部门": "department", "指标": "indicator", "表": "document",
            "年度": "year", "年份": "year"}
SUBJ = r"(资金使用单位|预算单位|下属单位|二级单位|所属单位|使用单位|单位|部门|项目|指标|绩效指标)"

CUES = {
    "share": r"占比|比例|比重|百分之几|百分比(?!类|型|的?(目标|指标))|份额|几成|占.{0,16}(多少|几)(?!钱|万元|元|亿)",  # 占多少钱 asks money
    "ratio": r"几倍|多少倍|倍数|的倍|倍",
    "difference": r"比.{1,20}(多|少|高|低|大|小)(多少|几|了)?|相差|差多少|差额|差距|差了|多出|少了多少|差值|高出|低出|超出多少|"
                  r"(谁|哪个|哪一个|哪家)[^最]{0,6}((?<!多)[少低小]|[多高大](?!少))",  # 哪个…各多少 is no comparison
    "median": r"中位数|中位值|中位",
    "avg": r"平均|均值",
    "count": r"有多少(是|属于|为)|(?<!哪)几个|(?<!哪)几项(?!目(经费|资金|预算|金额|钱|支出|总额))|(?<!哪)几条|(?<!哪)几家|(?<!哪)几笔|(?<!哪)几类|(?<!哪)几种|多少个|多少项(?!目(经费|资金|预算|金额|钱|支出|总额))|多少条|多少家|多少笔|多少种|个数|数量|数目|有几|几所|"
             r"(项目|单位|指标|部门)(的)?(总数|数|条数)(?!据|额)",
    "list": r"哪些|哪几|列出|列举|有什么|名单|清单|都有|分别是|包括哪|是哪|哪个|哪一个|哪家|什么项目|什么单位|是什么",
    "sum": r"合计|总计|一共|总共|共计|加起来|加在一起|总额|总和|汇总|总数|总金额|总预算|总共",
    "target": r"目标值|指标值|目标是多少|目标多少|目标定|定了多少|定的多少|目标为|目标是|达到多少|要求多少|值是多少|是多少|多少",
    "goal": r"目标(里|中|上|里面)?(写的是|写着|说的是|说要?|讲的是|怎么说|怎么讲|咋说|如何表述|怎么描述|怎么表述)|绩效目标|目标(一栏|栏|原文|原话|那一栏|那栏)|原文|原话|原句|怎么写的?|写的内容|写了什么|怎么表述|目标是什么|目标是啥|要达到什么|想达到什么|目标内容|总体目标|年度目标|实现什么|达到什么|什么目标|预期效果|预期目标|要干什么|做什么|干什么|用途|用来",
    "sources": r"资金来源|来源|哪些资金|哪几种资金|资金构成|资金组成|从哪来|哪几类资金|哪些钱|(别的|其他|其它)?(什么|哪些|哪几种|哪几类|哪种)资金",
}


def literal_words(pattern: str) -> list[str]:
    return [w for w in re.split(r"[|()?]", pattern) if w and re.fullmatch(r"[\u4e00-\u9fff]+", w)]


#: Every word the measures read: a question made of these and names is understood.
CUE_WORDS = sorted({w for p in list(CUES.values()) + [MOST, LEAST] for w in literal_words(p)} | set("""
占 比 倍 最 前 后 倒数 第 名 排名 排行 排序 排 位 大 第一 第二 第三 平均每个 平均每 平均数 中位 多少倍 相比 相较 对比 比较 高出 低于 超出
之比 比值 差 多出 少 多 分别 各自 对应 目标 指标 年度指标值 实施周期指标值 实施周期 周期 指标值 目标值 值 设 定 哪 谁 钱最 的钱 金额 预算数
资金来源 来源 构成 组成 总预算 全局 全部门 全单位 本局 本单位 全表 整体 整个 所在单位 所属单位 该单位 单位本身 全区 总体 合计数 总计数 申报 资金使用
""".split()), key=len, reverse=True)


#: A sum asked of the rows a ranking picks (前三个项目合计多少钱, 最大的5个项目一共多少).
SUM_OF_RANKED = r"(合计|总计|一共|总共|共计|加起来|加在一起|总额|总和|拢共|累计)(是|有|为)?(多少|几|金额)?|多少钱"


def has(text: str, cue: str) -> bool:
    return re.search(CUES[cue], text) is not None



def subject_word(word: str) -> str:
    for k, v in _SUBJECT.items():
        if word.endswith(k):
            return v
    return "project"


def explicit_subject(text: str):
    m = re.search(rf"(哪个|哪些|哪家|哪一个|哪几个|哪\s*(?:\d+|[两三四五六七八九十]+)\s*(?:个|家|项|名|位)|几个|多少个|几家|多少家|几项|"
                  rf"多少项|几条|多少条|各|每个|每一个|所有|全部)\s*{SUBJ}", text)
    if m:
        return subject_word(m.group(2))
    return ranked_subject(text) or subject_before(text)


def ranked_subject(text: str):
    """指标最少的项目 / 最多的三个项目: the thing after the ranking word, not the criterion before it."""
    m = re.search(rf"({MOST}|{LEAST}|第\s*{N}\s*(大|多|高|少|小|低)?|前\s*{N}\s*(个|名|位|家)?|倒数(第)?\s*{N}?\s*(个|名|位)?)(的)?\s*(?:{N}\s*(?:个|项|家))?\s*{SUBJ}",
                  text)
    if m:
        return subject_word(m.group(m.lastindex))
    return None


def subject_before(text: str):
    m = re.search(rf"{SUBJ}(中|里|里面|当中|之中)[,]?(哪个|哪一个|哪些|哪几个|谁)", text)
    if m:  # 就业中心的项目中，哪个的时效指标最多
        return subject_word(m.group(1))
    m = re.search(rf"{SUBJ}(中|里|里面|当中|之中)[,]?[^,;?]{{0,12}}?({MOST}|{LEAST}|倒数第\s*{N}|第\s*{N}\s*(?:大|多|高|少|小|低))"
                  rf"的(那个|那一个|那家|一个|是谁|是哪个|是哪一个|是哪家)", text)
    if m:  # 下属单位中项目最多的那个: the one picked is of the set named, not of what it is ranked by
        return subject_word(m.group(1))
    m = re.search(rf"{SUBJ}\s*(?:一共|总共|共计|合计|总计)?(有几|有多少|几个|多少个|几家|数量|个数|总数|数目|一共有|共有|最多|最少|是哪|有哪|都有|名单|清单)", text)
    if m:
        return subject_word(m.group(1))
    return None


def subject(text: str, plan: Plan) -> str:
    explicit = explicit_subject(text)
    if explicit:
        return explicit
    if plan.filters.indicator_filtered() or plan.subject == "indicator":
        return "indicator"
    if re.search(r"指标", text) and re.search(CUES["count"] + "|" + CUES["list"], text):
        return "indicator"
    return "project"


def rank_by(text: str, subject: str, f: Filters | None = None) -> str:
    """What a ranking counts: indicators (指标最多, 数量指标最多: the level was claimed with its 指标),
    projects (哪个单位的项目最多), the average project (项目平均金额最高的单位), else amounts."""
    if subject in ("unit", "department") and re.search(r"平均|均值", text):
        return "avg"
    money = re.search(r"(预算|金额|资金|钱|经费|拨款|总额)", text)
    named_levels = f is not None and (f.levels or f.indicators) and not f.has_indicators
    if subject != "indicator" and (re.search(r"指标", text) or named_levels) and not money:
        return "indicators"
    if subject in ("unit", "department") and re.search(r"项目", text) and not money:
        return "projects"
    return "amount"


def order(text: str):
    """max/min/top/bottom/nth and N from the ranking words, or (None, None)."""
    m = re.search(rf"倒数第\s*{N}", text)
    if m:
        return "nth_min", int(cn_number(m.group(1)))
    m = re.search(rf"第\s*{N}\s*(大|多|高|名|位)|排(名)?(在)?第\s*{N}|(?:金额|预算|资金|钱)第\s*{N}(?![少小低])", text)
    if m:
        n = int(cn_number(m.group(1) or m.group(5) or m.group(6)))
        return ("max", None) if n == 1 else ("nth", n)
    m = re.search(rf"第\s*{N}\s*(少|小|低)", text)
    if m:
        n = int(cn_number(m.group(1)))
        return ("min", None) if n == 1 else ("nth_min", n)
    least = re.search(LEAST + r"|倒数|后\s*" + N, text)
    which = re.search(rf"哪\s*{N}\s*(个|家|项|名|位|笔|条)", text)  # 哪两个单位的资金最多: the top two
    if which and (cn_number(which.group(1)) or 0) > 1 and (least or re.search(MOST, text)):
        return ("bottom" if least else "top"), int(cn_number(which.group(1)))
    m = re.search(rf"(前|后|倒数)\s*{N}\s*(个|名|项|位|家|大|笔)?|{N}\s*(个|项|家|名|位)\s*(最|金额最|预算最)|"
                  rf"(最多|最大|最高|最少|最小|最低)(?:钱|金额|预算|资金)?的\s*{N}\s*(个|项|家|名|位)", text)
    if m:
        n = cn_number(m.group(2) or m.group(4) or m.group(8))
        if n is not None and n > 0:
            low = (m.group(1) in ("后", "倒数")) or bool(least)
            return ("bottom" if low else "top"), int(n)
    if re.search(MOST + r"|(多|大|高)的是", text):
        return "max", None
    if least or re.search(r"(少|小|低)的是", text):
        return "min", None
    m = re.search(RANK_WORD, text)
    if m:
        return ("max" if m.group(3) in "多大高" else "min"), None
    return None, None
