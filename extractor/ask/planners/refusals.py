"""What a performance-target table (绩效目标表) cannot tell, said plainly and without a figure.

The table holds one year's budget (预算数) and targets. It has no execution or actual spending
(执行数), no other year (上年, 去年), no head count (人数, 编制), no procurement, no evaluation
scores, no monthly figures. These phrases are read after the names, so 上年结转 (a funding source)
and 疫苗采购成本 (an indicator) stay names.
"""

from __future__ import annotations

import re

from extractor.ask.planners.base import Context
from extractor.ask.text import norm

#: (pattern, what the table lacks) — the refusal's text names what is missing and has no number.
MISSING = [
    (r"完成得|进展|怎么样了|做得怎么样|干得怎么样|执行率|执行情况|执行进度|执行数|执行了|已执行|执行得|执行|支出进度|拨付进度|使用进度|进度|实际支出|实际使用|实际花|实际用|"
     r"实际发放|实际到位|实际|完成率|完成度|达成率|达标率|实现率|已经花|已花|花了|花掉|用掉|用了多少|花费了|结余|剩余|剩下|还剩|决算|完成情况|完成了多少|截至目前|截止目前|"
     r"到目前为止|已拨付|已支付|已使用|已发放|用完|花完|用光|花光|用掉了|发到了?|发放到|到了?[\u4e00-\u9fff]{0,3}手(里|上|中)|落实到|"
     # 已经发出去多少 / 支出了多少 / 使用率: money already moved is an execution figure, whatever the verb
     r"已经|已(?=[发拨付用花支兑下落使])|支出了|开支了?|发出去?|发下去|兑付了?|兑现了?|使用率|支出率|落地了?|"
     r"[花用拨发付支](出去|下去|完了|掉了|出了)|花得|花到|去哪了|去哪儿了|哪去了|发了|发给了|发放了|支付了|付了|完工了|竣工了|验收了|建成了|完成了(吗|没)|做完",
     "表中只有预算数（年初安排的金额和绩效目标），没有执行数或实际支出，也没有完成情况，无法回答"),
    (r"去年|上年(?!结转|结余)|上一年|前一年|上个年度|往年|前年|以前年度|历年|同比|环比|较上年|增长率|增幅|比上年|与上年|和上年|"
     r"明年|下一年|下年度|来年|后年|大前年|上上年|前几年|近几年|这几年|过去(几|[一二两三四五六七八九十]|\d+)个?年|"
     r"(\d+|[一二两三四五六七八九十几数]+)个?年(前|后|以前|之前|以后|之后)",
     "表中只有本年度的预算，没有上年（去年）或其他年度的数，无法比较或回答"),
    # 每位 counts people whatever follows it (每位老师, 每位参保人); 每个 does only before a word for people
    (r"人均|每人|每个人|每名|每一?位|每户|户均|每个[\u4e00-\u9fff]{0,4}(人员|职工|老人|学生|农民|工人|老师|教师|教职工|居民|村民|农户|学员|患者|病人|儿童|孩子|残疾人|参保人|干部|群众)|在编|编制|职工人数|工作人员|员工|在职人员|人员数|"
     r"多少人(?!次)|几个人|人数|有多少人|多少名|几名|多少位|几位",
     "表中没有人员（编制、在编人数）数据，无法计算人均或回答人数"),
    (r"政府采购|采购",
     "表中没有政府采购的数据，无法回答"),
    (r"评价得分|绩效评价|评分|得分|分数|打分|自评|评价结果|考核结果",
     "表中只有绩效目标，没有绩效评价得分或评价结果，无法回答"),
    (r"每个月|每月|月度|按月|季度|每季|上半年|下半年|每天|每日|每周|几月|月份",
     "表中只有全年（年度）的预算，没有按月或按季度的数，无法回答"),
    (r"合同|中标|供应商|招标",
     "表中没有合同或招标的数据，无法回答"),
    (r"预算调整|调整后|调整了|调整|追加|调增|调减|追减",
     "表中只有年初预算，没有预算调整或追加的数，无法回答"),
    (r"经济分类|功能分类|支出科目|明细科目|科目",
     "表中没有支出经济分类或科目明细，无法回答"),
    (r"三公经费|公务接待|公务用车|因公出国",
     "表中没有三公经费的数据，无法回答"),
    (r"基本支出|公用经费|人员经费",
     "表中只有项目支出，没有基本支出（人员经费、公用经费），无法回答"),
    (r"负责人|联系人|联系电话|电话|联系方式|经办人",
     "表中没有项目负责人或联系方式，无法回答"),
    (r"审计|巡查|督查结果",
     "表中没有审计或督查结果，无法回答"),
    (r"到位|到账|拨付了|拨付情况|拨付率",
     "表中只有预算数，没有资金拨付或到位的执行数，无法回答"),
    (r"税收|财政收入|收入预算|总收入",
     "表中只有项目支出的预算，没有收入预算，无法回答"),
    (r"你认为|你觉得|您认为|您觉得|你看|是否合理|合不合理|合理吗|给多了|给少了|多了吗|少了吗|够不够|够吗|值不值|值得吗|"
     r"应不应该|应该不应该|该不该|划算|浪费|太多了?|太少了?|过多|过少|偏多|偏少|偏高|偏低|太高|太低|太贵|多不多|高不高|贵不贵|"
     r"够用|不够用|合适吗|合不合适|算多吗|算少吗|算高吗",
     "表中只有预算数和绩效目标，不作评价或判断：多少合适、是否合理是意见（看法），不是表中的数据，无法回答"),
]


#: The wording of a goal asked for (目标写的是…, 目标里怎么说): what it says is read from the goal, not refused.
GOAL_WORDING = r"目标(里|中|上|里面)?(写的是|写着|说的是|说要?|讲的是|怎么说|怎么讲|咋说|如何表述|怎么描述|怎么表述)|原文|原话"

#: Head counts a project's indicators may hold (资助学生多少人): not refused when a project is named.
_INDICATOR_COUNTS = r"多少人次?|几个人|人数"


def plan_refusals(ctx: Context) -> None:
    """Every kind of missing data the question asks for, each said once (去年花了多少: both)."""
    whys, cues = [], []
    if ctx.of("project", "indicator"):
        m = ctx.q.search(_INDICATOR_COUNTS)
        if m:  # read as the project's indicators counted in 人 (an indicator named: its target, whatever its unit)
            from extractor.ask.plan import TargetFilter

            ctx.q.claim(m.start(), m.end())
            if not ctx.of("indicator"):
                ctx.plan.filters.target = TargetFilter(unit="人次" if "次" in m.group(0) else "人")
            ctx.plan.subject = "indicator"
    names = "\n".join(norm(p.name) for p in ctx.cat.projects_of(ctx.names_docs))
    docs = set(ctx.names_docs)
    indicator_names = "\n".join(sorted({norm(i.name) for i in ctx.cat.indicators.values()
                                        if ctx.cat.projects[i.project_id].doc_id in docs}))
    for pattern, why in MISSING:
        for m in list(re.finditer(pattern, ctx.q.text)):
            if not ctx.q.free(m.start(), m.end()) or _inside_name(ctx.q.text, m.start(), m.end(), names):
                continue  # 临聘人员经费 is part of a project's name, not 人员经费 asked for
            if why.startswith("表中没有人员") and _inside_name(ctx.q.text, m.start(), m.end(), indicator_names):
                continue  # 创业资助人数: a head count an indicator holds, not staff
            if why.startswith("表中没有人员") and (ctx.of("project") or re.search(r"最|第\s*\S\s*(大|多|少|小)", ctx.q.text)) \
                    and re.search(GOAL_WORDING, ctx.q.text):
                continue  # 目标写的是发几名临聘人员的经费: the named project's goal says the head count
            if _per_target_unit(ctx, m.group(0)):
                # 保安服务每人每月单价: the unit of a named project's target (元/人·月), if an indicator is read
                ctx.pending.append((m.start(), m.end(), why))
                continue
            ctx.q.claim(m.start(), m.end())
            if why not in whys:
                whys.append(why)
                cues.append(m.group(0))
    if whys:
        ctx.refuse("；".join(whys) + "（问题问的是" + "、".join(f"“{c}”" for c in cues) + "）。", related=_related(ctx))


#: A "per" said in a question, and the thing it is per as a target's unit writes it (元/人·月, 元/生·学期).
_PER = {"人": r"每人|每个人|每名|人均", "月": r"每个月|每月", "天": r"每天|每日", "周": r"每周"}


def plan_pending(ctx: Context) -> None:
    """A "per" left for a target's unit (每人每月) when no indicator was read after all: refused as usual."""
    if not ctx.pending or ctx.of("indicator"):
        return
    whys, cues = [], []
    for start, end, why in ctx.pending:
        ctx.q.claim(start, end)
        if why not in whys:
            whys.append(why)
            cues.append(ctx.q.text[start:end])
    ctx.refuse("；".join(whys) + "（问题问的是" + "、".join(f"“{c}”" for c in cues) + "）。", related=_related(ctx))


def _per_target_unit(ctx: Context, cue: str) -> bool:
    """Is `cue` (每人, 每月) the unit of a target of a project the question named (元/人·月)?"""
    thing = next((t for t, pat in _PER.items() if re.fullmatch(pat, cue)), None)
    projects = {p for m in ctx.of("project") for p in m.ids}
    if not thing or not projects:
        return False
    per = re.compile(rf"/[^/]*{thing}|{thing}·|·{thing}")
    return any(per.search(i.annual_raw or "") for i in ctx.cat.indicators.values() if i.project_id in projects)


def _inside_name(text: str, start: int, end: int, names: str) -> bool:
    """Is the cue, with two or more characters of the question around it, part of a project's name?"""
    for k in range(2, 7):
        if start - k >= 0 and text[start - k:end] in names:
            return True
        if end + k <= len(text) and text[start:end + k] in names:
            return True
    return False


def _related(ctx: Context) -> str:
    if ctx.of("project", "unit", "department"):
        return "表中有这些项目的预算数和绩效指标，可以改问它们的预算或指标"
    return ""


#: Characters by which a word the planners did not understand still says what it asks for (发下去, 拨出,
#: 花销, 往届, 员额): (pattern on the word, what the table lacks). Read only on words left over, so 发放标准
#: in an indicator's name or 人员经费 in a project's name never reach it.
LEFTOVER_CUES = [
    (r"[发拨付花用支兑](了|出|掉|完|去|下|到|给)|到位|到账|落实|完成|执行|结算|报销", MISSING[0][1]),
    (r"年前|年后|前年|往年|往届|以前|过去|当年|那年|届", MISSING[1][1]),
    (r"人均|每人|人头|员额|员工|职工|人员|编|名额", MISSING[2][1]),
]


def lacking(words: list[str]) -> str | None:
    """What the table lacks, said by one of the words no planner understood (已经发下去 → 执行数), or None: a
    refusal then names that concept, not only the word (表中只有预算数…，问题问的是“发下去”)."""
    whys = []
    for pattern, why in LEFTOVER_CUES:
        if any(re.search(pattern, w) for w in words) and why not in whys:
            whys.append(why)
    if not whys:
        return None
    shown = "、".join(f"“{w}”" for w in dict.fromkeys(words))
    return "；".join(whys) + f"（问题问的是{shown}），所以不给出数字。"
