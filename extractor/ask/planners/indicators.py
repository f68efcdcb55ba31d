"""Indicator levels (产出指标, 数量指标, 满意度指标 …) and filters on targets (目标值不低于95%,
以“人”为单位, 年度指标值写作“≥95%”, 定性指标).

A level word matches the levels the database prints, first or second level, by containment:
产出 finds 产出指标 and 预期产出指标, 效益 finds 效益指标 and 效果指标's 社会效益指标, 满意度
finds 满意度指标 and 服务对象满意度.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractor.ask.plan import TargetFilter
from extractor.ask.planners.base import Context
from extractor.ask.text import CN_NUM, cn_number, norm
from extractor.vocabulary import PREFIX_COMPARATORS, SUFFIX_COMPARATORS

#: Level words, longest first, and the words they also go by.
LEVEL_WORDS = ["服务对象满意度", "社会公众满意度", "可持续影响", "社会效益", "经济效益", "生态效益", "经济成本", "社会成本",
               "生态环境成本", "满意度", "数量", "质量", "时效", "成本", "产出", "效益", "效果"]
SAME_LEVEL = {"效益": ("效益", "效果"), "效果": ("效果", "效益")}


_SPECIFIC = ("社会效益", "经济效益", "生态效益", "可持续影响", "服务对象满意度", "社会公众满意度", "经济成本", "社会成本",
             "生态环境成本")


def _levels_for(ctx: Context, word: str) -> list:
    """The level names (first or second level) a level word stands for in this database."""
    cat = ctx.cat
    docs = set(ctx.names_docs)
    inds = [i for i in cat.indicators.values() if cat.projects[i.project_id].doc_id in docs]
    l1 = sorted({i.level1 for i in inds if i.level1})
    l2 = sorted({i.level2 for i in inds if i.level2})
    words = SAME_LEVEL.get(word, (word,))
    hit1 = [] if word in _SPECIFIC else [v for v in l1 if any(w in v for w in words)]
    return hit1 + [v for v in l2 if any(w in v for w in words)]


def plan_levels(ctx: Context) -> None:
    """X指标 / X类指标 / X目标: a level of indicators."""
    _levels(ctx, "(" + "|".join(LEVEL_WORDS) + r")(类|方面|方面的|类的)?(?=指标|目标|的指标)")
    # 效益方面考核哪些内容 / 质量这一块: a level said as a side of the work, with no 指标 after it
    _levels(ctx, "(" + "|".join(LEVEL_WORDS) + r")(方面|这一块|那一块|这块|那块)(的)?")
    # 产出、效益、满意度这三类一级指标: levels listed, then one 指标 for all of them
    words = "|".join(LEVEL_WORDS)
    tail = r"(这|那)?([两三四五几]|\d)?(类|个|种|项)?(一级|二级)?(指标|目标)"
    if re.search(rf"({words})((、|和|与|及|以及)({words}))+{tail}", ctx.q.text):
        _levels(ctx, rf"({words})()(?=((、|和|与|及|以及)({words}))*{tail})")
        m = ctx.q.search(r"(这|那)?([两三四五几]|\d)(类|个|种|项)(一级|二级)?")
        if m:
            ctx.q.claim(m.start(), m.end())
        for m in re.finditer(r"、", ctx.q.text):
            ctx.q.claim(m.start(), m.end())


def plan_bare_levels(ctx: Context) -> None:
    """满意度 alone (智慧校园建设项目的满意度是多少, 满意度不低于90%的指标), read after the
    indicator names so that 服务对象满意度 stays a name."""
    _levels(ctx, r"()()?(满意度)(?![\u4e00-\u9fff]{0,2}(率|人数))")


def _levels(ctx: Context, pattern: str) -> None:
    found = []  # (start, end, word, group)
    for m in list(re.finditer(pattern, ctx.q.text)):
        if m.end() == m.start() or not ctx.q.free(m.start(), m.end()):
            continue
        word = m.group(1) or m.group(3)
        if word in ctx.q.quoted and re.search(r"(名称|名字|名)(中|里|内)?(有|含|含有|包含|带|带有|包括)?$", ctx.q.text[:m.start()]):
            continue  # 指标名称中有“满意度”: a word of the name, read by the words planner
        # a level asked for that the data lacks matches no row (its own name is the group)
        found.append((m.start(), m.end(), word + "指标", _levels_for(ctx, word) or [word + "指标"]))
        ctx.q.claim(m.start(), m.end())
        neg = re.search(r"(没有|没|未|不|无|缺少|缺乏|缺)(设置|设定|设|含有|含|包含|包括|带)?(了|过)?(任何)?(一条|一个|一项)?$",
                        ctx.q.text[:m.start()])
        # 一条质量指标都没有设 / 质量指标一条也没有: the negation said after the level
        after = re.match(r"(?:指标)?(一条|一个|一项)?(都|也)?(没有|没|未)(设置|设定|设|有)?(的)?", ctx.q.text[m.end():])
        if not neg:
            before_one = re.search(r"(一条|一个|一项)$", ctx.q.text[:m.start()])
            if after and (before_one or after.group(1) or after.group(2)) and after.group(3):
                start = before_one.start() if before_one else m.end()
                if ctx.q.free(start, m.start()) and ctx.q.free(m.end(), m.end() + after.end()):
                    ctx.q.claim(start, m.start())
                    ctx.q.claim(m.end(), m.end() + after.end())
                    ctx.plan.filters.lacks_indicators = True
        if neg and ctx.q.free(neg.start(), m.start()):  # 没有满意度指标的项目: those lacking it
            ctx.q.claim(neg.start(), m.start())
            ctx.plan.filters.lacks_indicators = True
        # the 指标 after it is the subject: claim it with the level
        after = ctx.q.search(r"指标")
        if after and after.start() == m.end():
            ctx.q.claim(after.start(), after.end())
            ctx.plan.subject = "indicator"
    if not found:
        return
    f = ctx.plan.filters
    found.sort()
    # 产出指标和效益指标: one filter (either); with 各 / 分别, one figure per level
    joined = [found[0]]
    for item in found[1:]:
        between = ctx.q.text[joined[-1][1]:item[0]]
        if re.fullmatch(r"(指标)?(和|与|及|以及|、|,|或|或者)", between):
            ctx.q.claim(joined[-1][1], item[0])
            joined.append(item)
        else:
            f.levels.append(joined[-1][3]) if len(joined) == 1 else None
            joined = [item]
    if len(joined) > 1:
        f.levels.append(sorted({v for _, _, _, g in joined for v in g}))
        f.level_parts = [(w, g) for _, _, w, g in joined]
        if ctx.q.has(r"各|分别|各自"):
            ctx.plan.group_by = "level"
    else:
        f.levels.append(joined[0][3])
    f.level_words += [w for _, _, w, _ in found]


_UNITS = r"(%|％|个百分点|人次|人|次|户|家|个|项|天|日|小时|分钟|月|年|元|万元|亿元|公里|千米|米|亩|万亩|吨|份|篇|场|期|台|套|所|所学校|条)"


def _said_unit(word: str) -> str:
    """千分比 → ‰, 百分比 → %, ％ → %: a unit as the table prints it."""
    return {"千分比": "‰", "千分率": "‰", "千分之": "‰", "百分比": "%", "百分率": "%", "％": "%"}.get(word, word)


def _op(before: str, after: str) -> str:
    for word, op in PREFIX_COMPARATORS:
        if before and before.endswith(word):
            return op
    for word, op in SUFFIX_COMPARATORS:
        if after and after.startswith(word):
            return op
    return "="


def plan_targets(ctx: Context) -> None:
    """Filters on the target value: compared numbers with a unit, a unit alone, a printed form, or none."""
    by_number = _number_only(ctx)
    _targets(ctx)
    t = ctx.plan.filters.target
    if by_number and t is not None and t.op is not None:
        t.by_number = True


def _targets(ctx: Context) -> None:
    q = ctx.q
    f = ctx.plan.filters
    if q.has(r"实施周期|周期") and not q.has(r"年度"):
        ctx.plan.period = True
    m = q.search(r"(实施周期|周期)(指标值|目标值|目标)?(和|与|跟|同)?(年度)(指标值|目标值|目标)?(不同|不一样|不一致|有差异|有区别|不相同)|"
                 r"(年度)(指标值|目标值|目标)?(和|与|跟|同)?(实施周期|周期)(指标值|目标值|目标)?(不同|不一样|不一致|有差异|有区别|不相同)")
    if m:  # 实施周期指标值与年度指标值不同的指标
        q.claim(m.start(), m.end())
        f.target = TargetFilter(differs=True)
        ctx.plan.subject = "indicator"
        return
    if _printed_comparator(ctx):
        return
    # the target exactly as printed, quoted: 年度指标值写的是“≥95%”
    for quoted in q.quoted:
        if re.fullmatch(r"(19|20)\d{2}年度?", quoted) and q.search(r"(目标|名称|名字)(里|中)?(写了|提到|有|含|包含|出现)"):
            continue  # 目标写了“2025年”: a word of the goal, not a target
        if re.search(r"\d", quoted) and re.fullmatch(r"[<>≤≥=＜＞≦≧]?\s*[\d.]+\s*\S{0,4}", quoted):
            i = q.take(quoted)
            if i >= 0:
                f.target = _printed_target(q.raw, quoted) or TargetFilter(raw=quoted, period=ctx.plan.period)
                f.target.period = ctx.plan.period
                ctx.plan.subject = "indicator"
                return
    # 目标值里有“人” / 指标值写着“按时”: a unit, or words of the printed target
    m = q.search(r"(目标值|指标值|年度指标值|实施周期指标值|目标)(里|中)?(有|带|带有|含|含有|写着|写的是|写了|写有|为|是)")
    if m and q.quoted:
        word = q.quoted[0]
        i = q.find(word)
        goal = m.group(1) == "目标" and not re.fullmatch(_UNITS, word)  # 目标里有“乡村振兴”: the goal text
        if i >= m.end() and i - m.end() <= 1 and not goal:
            q.claim(m.start(), i + len(word))
            unit = re.fullmatch(_UNITS, word)
            f.target = TargetFilter(unit=word if unit else None, contains=None if unit else word, period=ctx.plan.period)
            ctx.plan.subject = "indicator"
            return
    # 年度指标值是按时完成 (unquoted words of the printed target, not a question: 是多少, 是什么)
    m = q.search(r"(年度指标值|实施周期指标值|指标值|目标值)(是|为|写的是|写着|写作|写成)([\u4e00-\u9fff]{2,12}?)(的)?(指标|的有|有哪些|有几|$)")
    if m and not re.search(r"多少|几|什么|啥|哪|怎样|如何|多高|多大|\d", m.group(3)):
        q.claim(m.start(), m.end(3) + len(m.group(4) or ""))
        f.target = TargetFilter(contains=m.group(3), period=ctx.plan.period or m.group(1).startswith("实施周期"))
        ctx.plan.subject = "indicator"
        return
    # 以“元/亩”为单位 / 单位是“‰”: any unit, quoted
    for word in q.quoted:
        w = re.escape(word)
        m = q.search(rf"(以|按|用){w}(为|作为)?(计量)?(单位|来计算|来计量|来衡量|来考核|来算|来计|计|算|计算|考核|衡量)|(计量)?单位(是|为){w}")
        if m and len(word) <= 8:
            q.claim(m.start(), m.end())
            f.target = TargetFilter(unit=_said_unit(word), period=ctx.plan.period)
            ctx.plan.subject = "indicator"
            _bound_in_unit(ctx, f.target)
            return
    # 按千分比（‰）算 / 以人次计 / 按小时考核: a unit said in words
    m = q.search(r"(以|按|用)(千分比|千分率|千分之|百分比|百分率|" + _UNITS[1:-1] + r")(\(?[‰%]\)?)?(为|作为)?(计量)?(单位|计算|来算|来计算|来计|来衡量|来考核|来计量|计量|计|算|考核|衡量)")
    if m:
        q.claim(m.start(), m.end())
        f.target = TargetFilter(unit=_said_unit(m.group(2)), period=ctx.plan.period)
        ctx.plan.subject = "indicator"
        _bound_in_unit(ctx, f.target)
        return
    # 以“人”为计量单位 / 单位是“次”
    m = q.search(r"以[“\"]?(" + _UNITS[1:-1] + r")[”\"]?(为|作为)?(计量)?单位|(计量)?单位(是|为)[“\"]?(" + _UNITS[1:-1] + r")[”\"]?")
    if m:
        unit = m.group(1) or m.group(6)
        q.claim(m.start(), m.end())
        f.target = TargetFilter(unit="%" if unit == "％" else unit, period=ctx.plan.period)
        ctx.plan.subject = "indicator"
        _bound_in_unit(ctx, f.target)
        return
    m = q.search(r"(百分比|百分数|百分率)(类|型)?的?(?=指标|目标)")
    if m:
        q.claim(m.start(), m.end())
        f.target = TargetFilter(unit="%", period=ctx.plan.period)
        ctx.plan.subject = "indicator"
        _bound_in_unit(ctx, f.target)  # 年度目标低于80%的百分比指标
        return
    m = q.search(r"(数值型|数值类|定量|量化|有数值|有具体数值)(的)?(?=指标)")
    if m:
        q.claim(m.start(), m.end())
        f.target = TargetFilter(quantitative=True, period=ctx.plan.period)
        ctx.plan.subject = "indicator"
        return
    if q.search(r"定性|没有数值|无数值|不是数值|非数值|没有具体数值|没有量化|未量化|(写成|写作|写的是|是|用)文字|文字(描述|表述|型|类)|"
                r"(而)?不是数字|非数字|没有数字|不带数字"):
        for pat in (r"定性", r"(没有|无|不是|非|没有具体)(数值|量化)(的)?", r"未量化", r"(写成|写作|写的是|是|用)文字(描述|表述)?",
                    r"文字(描述|表述|型|类)", r"(而)?(不是|非|没有|不带)数字"):
            while q.take_match(pat):
                pass
        # 比如“逐年提升”“安全”: examples of such targets, not words searched for
        ex = q.search(r"(比如|例如|譬如|像是|诸如|如)")
        if ex:
            taken = [q.find(w, ex.end()) for w in q.quoted]
            if any(0 <= i - ex.end() <= 12 for i in taken):
                q.claim(ex.start(), ex.end())
                for w in q.quoted:
                    i = q.find(w, ex.end())
                    if 0 <= i - ex.end() <= 30:
                        q.claim(i, i + len(w))
        f.target = TargetFilter(qualitative=True, period=ctx.plan.period)
        ctx.plan.subject = "indicator"
        return
    # compared numbers with a non-money unit: 不低于95%, 为100%, 大于90%, 在80%到90%之间
    before = "|".join(re.escape(w) for w, _ in PREFIX_COMPARATORS) + "|是|为|等于|达到|在"
    after = "|".join(re.escape(w) for w, _ in SUFFIX_COMPARATORS)
    unit_pat = r"(%|个百分点|人次|人|次|户|天|小时|公里|亩|万亩|吨)"
    between = q.search(rf"(?:介于|在)?({CN_NUM})\s*{unit_pat}?\s*(?:到|至|-|~|和|与|跟)\s*({CN_NUM})\s*{unit_pat}\s*(之间)?")
    if between and not re.search(r"到|至|-|~", between.group(0)) and not (between.group(0).startswith(("介于", "在"))
                                                                         or between.group(5)):
        between = None  # 95%和99%: two targets, unless 介于 … 之间 says they are the ends
    if between:
        lo, hi = cn_number(between.group(1)), cn_number(between.group(3))
        q.claim(between.start(), between.end())
        f.target = TargetFilter(op="between", value=lo, high=hi, unit=between.group(4), period=ctx.plan.period)
        ctx.plan.subject = "indicator"
        return
    bare = q.search(rf"(目标值|指标值|年度指标值|目标数值|数值)(定为|定成|设为|设定为|为|是|等于|{before})\s*(\d+(?:\.\d+)?)"
                    rf"(?![\d.%‰]|\s*(万|元|人|次|个|天|项|户|所|家))\s*({after})?")
    if bare:  # 目标值定为0的指标 / 目标值低于5的: a number with no unit
        q.claim(bare.start(), bare.end())
        op = _op(bare.group(2), bare.group(5) or "")
        f.target = TargetFilter(op="=" if op == "=" else op, value=cn_number(bare.group(3)), period=ctx.plan.period)
        ctx.plan.subject = "indicator"
        return
    m = q.search(rf"({before})?\s*({CN_NUM})\s*{unit_pat}\s*({after})?")
    if m and not re.search(r"万元|元|亿", m.group(0)):
        value = cn_number(m.group(2))
        op = _op(m.group(1) or "", m.group(4) or "")
        if op == "=" and m.group(1) in ("等于", "是", "为") and q.text[:m.start()].endswith("不") \
                and q.free(m.start() - 1, m.start()):
            op = "≠"  # 不等于100%: every target but that one
            q.claim(m.start() - 1, m.start())
        q.claim(m.start(), m.end())
        f.target = TargetFilter(op=op, value=value, unit=m.group(3), period=ctx.plan.period)
        ctx.plan.subject = "indicator"


#: 不论≥还是≤ / 不管符号 / 只看数值: the number alone is compared.
_NUMBER_ONLY = (r"(不论|无论|不管|不分|不区分|不考虑|不看|忽略)(是)?(?:[=≥≤<>、]|还是|或者|或|和|与|大于等于|小于等于|大于|小于|等于)+"
                r"(符号|号|比较符|方向)?|(不论|无论|不管|不分|不区分|不考虑|不看|忽略)(符号|比较符|方向)|[(]?只(看|比|比较)(数值|数字|数)(大小)?[)]?")
#: The comparator printed alone: 目标写“≤”, 目标值是≥, 带≤号, 设上限, 上限型.
_LE_WORDS = r"≤|<=|小于等于|小于或等于|不超过号|上限"
_GE_WORDS = r"≥|>=|大于等于|大于或等于|下限|保底"
_GT_WORDS = r"(?<![<>≤≥])>(?!=)|大于号"
_LT_WORDS = r"(?<![<>≤≥])<(?!=)|小于号"
_PRINTED_OP = (rf"(?:目标值?|指标值|年度指标值|年度目标)?(?:写的?是?|写作|写成|用|带有?|标|是|为|设|设了|设置了?|有)?"
               rf"(?:用)?[“\"]?({_LE_WORDS}|{_GE_WORDS}|{_GT_WORDS}|{_LT_WORDS})[”\"]?(号|符号)?(?:[“\"]?({_GT_WORDS}|{_LT_WORDS}|{_LE_WORDS}|{_GE_WORDS})[”\"]?)?(?:[(]?(设|有)?(上限|下限)[)]?)?(型|类)?(?![\d.一二三四五六七八九十百千万])")


def _number_only(ctx: Context) -> bool:
    m = ctx.q.search(_NUMBER_ONLY)
    if m:
        ctx.q.claim(m.start(), m.end())
    return bool(m)


def _printed_comparator(ctx: Context) -> bool:
    """目标写“≤”（设上限）的指标: the comparator printed, whatever the number after it. Not when a number follows
    (≤5% is a bound), nor 上限 as a word of a name (the planners claimed names first)."""
    q = ctx.q
    m = q.search(_PRINTED_OP)
    if not m:
        return False
    word = m.group(1)
    if word in ("上限", "下限", "保底") and not re.search(r"(设|有|带|型|类|的指标|指标)", m.group(0) + q.text[m.end():m.end() + 3]):
        return False
    symbol = m.group(3) or word  # 大于号“＞”: the symbol typed after its name
    op = next(o for o, words in (("≤", _LE_WORDS), ("≥", _GE_WORDS), (">", _GT_WORDS), ("<", _LT_WORDS))
              if re.fullmatch(words, symbol) or re.fullmatch(words, word))
    q.claim(m.start(), m.end())
    ctx.plan.filters.target = TargetFilter(printed_op=op, period=ctx.plan.period)
    ctx.plan.subject = "indicator"
    return True


def _bound_in_unit(ctx: Context, t: TargetFilter) -> None:
    """以“所”计量、目标不少于100所 / 以“人”为单位且目标值达到一万人及以上: the unit said, then a bound in it."""
    if not t.unit:
        return
    q = ctx.q
    unit = re.escape(t.unit)
    between = q.search(rf"(?:介于|在)?({CN_NUM})\s*(?:{unit})?\s*(?:到|至|-|~|和|与|跟)\s*({CN_NUM})\s*(?:{unit})?\s*(之间)?")
    if between and (re.search(r"到|至|-|~", between.group(0)) or between.group(0).startswith(("介于", "在"))
                    or between.group(3)):  # 介于95%和99%之间的百分比指标
        lo, hi = cn_number(between.group(1)), cn_number(between.group(2))
        if lo is not None and hi is not None:
            t.op, t.value, t.high = "between", lo, hi
            q.claim(between.start(), between.end())
            return
    before = "|".join(re.escape(w) for w, _ in PREFIX_COMPARATORS) + "|达到|等于|在"
    after = "|".join(re.escape(w) for w, _ in SUFFIX_COMPARATORS)
    m = q.search(rf"({before})\s*({CN_NUM})\s*(?:{unit})?\s*({after})?|({CN_NUM})\s*{unit}\s*({after})")
    if not m:
        return
    value = cn_number(m.group(2) or m.group(4))
    if value is None:
        return
    t.op = _op(m.group(1) or "", m.group(3) or m.group(5) or "")
    if t.op == "=" and m.group(1) == "达到":
        t.op = "≥"
    if t.op == "=" and q.text[:m.start()].endswith("不") and q.free(m.start() - 1, m.start()):
        t.op = "≠"  # 不等于100%的百分比指标
        q.claim(m.start() - 1, m.start())
    t.value = value
    q.claim(m.start(), m.end())
    inclusive = q.search(r"\((含|包含|包括)" + re.escape(m.group(2) or m.group(4)) + r"\S{0,3}\)")
    if inclusive:  # （含100）: the bound itself passes, as ≥ / ≤ already say
        q.claim(inclusive.start(), inclusive.end())


_COMPARATORS = {">": ">", "＞": ">", "<": "<", "＜": "<", "≥": "≥", "≧": "≥", ">=": "≥", "≤": "≤", "≦": "≤", "<=": "≤"}


def _printed_target(raw_question: str, quoted: str):
    """“＞90%” quoted: the comparator (which the matching form drops) and the number, matched as printed —
    ＞90.00% is “＞90%”, ≥90% is not."""
    for m in re.finditer(r"[“\"「『‘']\s*(>=|<=|[<>≤≥＜＞≦≧])\s*([\d.]+)\s*([^”\"」』’'\s]{0,4})[”\"」』’']", raw_question):
        if norm(m.group(0)) != quoted and norm(m.group(2) + m.group(3)) != quoted:
            continue
        try:
            value = Decimal(m.group(2))
        except Exception:
            return None
        return TargetFilter(op="=", value=value, unit=m.group(3) or None, printed_op=_COMPARATORS[m.group(1)])
    return None


def target_matches(t: TargetFilter, raw, op, value, unit) -> bool:
    """Does an indicator's target pass the filter? (op, value, unit as stored; raw as printed)."""
    if t.printed_op and t.op == "=" and t.value is not None:  # “＞90%”: that comparator and that number
        return (op or "=") == t.printed_op and value is not None and Decimal(str(value)) == t.value \
            and (not t.unit or (unit or "") == t.unit)
    if t.printed_op and t.op is None:  # 写“≤”: ≤ and <; 大于号“＞”: > alone
        return (op or "") in {"≤": ("≤", "<"), "≥": ("≥", ">")}.get(t.printed_op, (t.printed_op,))
    if t.qualitative:
        return value is None
    if t.quantitative and value is None:
        return False
    if t.raw is not None:
        return raw is not None and norm(raw) == norm(t.raw)
    if t.contains is not None:
        return raw is not None and norm(t.contains) in norm(raw)
    if t.unit and (unit or "") != t.unit:
        return False
    if t.op is None:
        return True
    if value is None:
        return False
    op = op or "="
    if t.op == "≠":
        return not (op == "=" and value == t.value)
    if t.by_number or (t.op in ("≤", "<") and op in ("≥", ">")):
        # 不论≥还是≤: the number is compared as if it were exact. 目标不超过80%的指标 is read so too: a floor
        # (≥10%) bounds nothing above, and askers mean the printed number (a ≥ filter keeps its strict sense)
        op = "="
    if t.op == "=":
        return op == "=" and value == t.value
    if t.op in ("≥", ">"):
        # a target at or above the bound: 100%, ≥95%, >95% pass 不低于95%; ≤ targets never do
        if op in ("≤", "<"):
            return False
        return value >= t.value if t.op == "≥" else (value > t.value or (op == ">" and value == t.value))
    if t.op in ("≤", "<"):
        if op in ("≥", ">"):
            return False
        return value <= t.value if t.op == "≤" else (value < t.value or (op == "<" and value == t.value))
    if t.op == "between":
        return t.value <= value <= t.high
    return False
