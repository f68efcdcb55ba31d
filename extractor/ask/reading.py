"""A question being read: its matching form, and which stretches of it the planners have used.

Each planner claims the characters it understands (`claim`). What no planner claims is left over:
after function words are taken off (`leftovers`), any content word still there was not understood,
and the answer must say so rather than answer another question.
"""

from __future__ import annotations

import re
import unicodedata

from extractor.ask.fillers import FILLERS
from extractor.ask.synonyms import canonical, name_forms
from extractor.ask.text import CN_NUM, cn_number, norm

#: Words that carry no content of their own (question words, particles, generic nouns of the genre).
FUNCTION_WORDS = sorted(set("""
请问 请 麻烦 帮我 帮忙 告诉我 告诉 我想知道 想知道 我想 我要 想问 问一下 一下 查一下 查询 查查 查看 看看 看一下 列出 列举 给出 显示 统计 计算 算一下 算
是多少钱 是多少 有多少钱 有多少 多少钱 多少 多大 几何 几个 几项 几条 几家 几笔 几类 几种 几 个 项 条 家 笔 种 类 名 位 张 份
是什么 是啥 是哪个 是哪些 是哪 有哪些 有哪几个 有哪 哪些 哪个 哪一个 哪几个 哪家 哪 什么 啥 谁
一共 总共 共计 共有 共 合计 总计 总额 总数 总和 总量 汇总 加起来 加在一起 一起 总的 总 全部 所有 全体 整体 整个 各个 各自 各 分别 每个 每一个 每
的 地 得 是 为 有 在 对 于 与 和 及 以及 或 或者 并 且 了 吗 呢 么 吧 啊 呀 嘛 着 过 被 把 将 从 到 至 给 跟 同 向
这个 那个 这些 那些 这张 那张 这 那 该 其 其中 其它 它 它们 之中 当中 之 中 里 里面 内 下面 下属 下辖 所属 属于 名下 旗下 底下
预算数 预算额 预算金额 预算资金 预算 金额 数额 额度 资金额 资金总额 资金 经费 款项 钱 数 额 安排了 安排 拨了 拨付 拿了 用了 申报了 申报 报了 报的 报上来 上报 批复 批了
项目资金 项目经费 项目支出 项目数 项目 单位 部门 指标 绩效 绩效指标 绩效目标表 目标表 申报表 批复表 表格 表 本表 全表 整张表 表里 表中 数据库里 数据库中 数据库 库里 库中 数据 这张表
年度 本年度 本年 今年 全年 情况 具体 明细 清单 名单 名称 名字 叫做 叫 设有 设了 设置了 设置 设定了 设定 定了 定 要求 规定 达到 写的 写着 写作 写 有关 相关 对应 涉及 包括 包含
每年 一年 发放 用于 用在 用到 用来 花在 费用 开支 花销 万元 元 亿元 千元 万 亿 单位是 计量单位 计量 呢 多 少 大 小 高 低 上 下 以 来 去 能 会 要 可以 应该 一 有没有 是不是 还有 又 也 都 就 才 只 仅 一些 某些 些 块 为止 目前 现在 当前 现有 已有
控制在 控制 力争 确保 保证 考核 衡量 算的 来算 左右 以内 之内 以上 以下 要达到 需达到 应达到 至少要 那个 那一个 这一个 那项 哪一项
规模 盘子 总盘子 体量 大小 有多大 多大 盘子有多大 家底 总规模
保留两位小数 保留2位小数 保留一位小数 保留1位小数 保留小数 四舍五入 精确到 大概 大约 约 左右
您好 你好 能否 能不能 可不可以 可否 帮我看下 帮我看看 看下 查下 了解一下 了解 我想了解 谢谢 麻烦你 劳驾 究竟 到底 具体是 下来 相当于 说说 讲讲 说一下
一级指标为 二级指标为 一级指标是 二级指标是 一级指标 二级指标 考核哪些 考核什么 考核 内容 手机上 手机 两字 二字 字 一词 这个词 词 描述 文字 文本 内容 列明 请列明 逐一 逐一列出 逐个 一一 函告 函询 兹 全口径 口径 恰好 正好 刚好 不论 无论 不管
含局本级 含本级 包括本级 包含本级 含局机关 局机关 机关 加一块儿 加一块 一块儿 一块 那边 这边 管着 管了 要花 花 都叫 叫什么
先找 先找出 先查 先看 再告诉我 再说 然后告诉我 接着 再看 再 然后 请告知 告知 请答复 答复 书面询问 书面答复 询问 在吗 在不在 问下 问问 打听一下 打听 如果只看 如果 假如 假设 只看 单看 仅看 就看
中间两个 中间那个 中间的那个 即 也就是 按金额排序 按金额排 按金额大小排 排一排 排一下 分布在 分布于 分布 计划要 计划 打算 预计 准备 拟 预期 两者 二者 两者之间 两个之间 含两端 包含两端 包括两端 含端点 两端 表述 表示 表达 用来表述 列支金额 列支 列了 给了 政府给 拨了多少 自己 自身 一项 这一项 这项 那一项 啊 哈 嗯 嗯那个 那个啥 哦 噢
""".split()) | set(FILLERS), key=len, reverse=True)

_HAN = re.compile(r"[\u4e00-\u9fffA-Za-z]")


_SPOKEN_PERCENT = re.compile(r"百分之(" + CN_NUM + ")")
#: 九成 (nine tenths) but not 九成本 / 成效 / 成员 …: a digit before 成, nothing that makes 成 a word after.
_TENTHS = re.compile(r"(?<![几\d一二三四五六七八九十])([一二三四五六七八九]|[1-9])成(?![本果效立员功为绩都就交长熟])")


#: 云溪一中, 二小: a school by its number (第一中学, 第二小学), after a place, before a particle or the end.
_SCHOOL = re.compile(r"(?<=[\u4e00-\u9fff])(?<![第前后数几每])([一二三四五六七八九十]{1,3})(中|小)(?=[和与及、,的是有比跟同]|$)")


def school_numbers(text: str) -> str:
    return _SCHOOL.sub(lambda m: f"第{m.group(1)}{m.group(2)}学", text)


def spoken_percents(text: str) -> str:
    """百分之九十 → 90%, 九成 → 90%: targets said in words, written as the table prints them."""
    def pct(m):
        n = cn_number(m.group(1))
        return f"{n}%" if n is not None else m.group(0)

    def tenths(m):
        n = cn_number(m.group(1))
        return f"{n * 10}%" if n is not None else m.group(0)

    return _TENTHS.sub(tenths, _SPOKEN_PERCENT.sub(pct, text))


#: Who asks and how, before what is asked (记者想了解：, 审计关注：, 兹函询：, 我是记者，想核一下：): a lead-in
#: ending in a colon, said by someone or as a request, is not part of the question.
_LEAD_IN = re.compile(r"^[^:：]{0,20}?(记者|审计|我是|手机|兹|函|请|麻烦|你好|您好|领导|老师|问|了解|关注|核|咨询|打听|想知道|提问|"
                      r"代表|询问|论文|纪检|监察|引用|答复|调研|研究|学生|本人|市民|群众)"
                      r"[^:：]{0,16}[:：]")
#: The same without a colon, when it can only be a lead-in (手机上问一下 卫健委…).
_LEAD_WORDS = re.compile(r"^(我是记者|记者|审计|手机上|在手机上)?[^,，:：]{0,4}?(想了解|想问一下|问一下|问问|想核一下|核一下|想核实|提问|请教|咨询|"
                         r"想打听一下|打听一下|想打听|请说明|说明一下|请核实|核实一下|请确认|确认一下|请解释|请介绍|请告知)[,，:：]?")
#: Who is asking, said in a first clause of their own (我是退休老工人，/ 我老头子看不懂这张表，): not the question.
_ASKER = re.compile(r"^(我|本人|俺|咱|家里|我家|孩子|小孩|家人|作为|身为)[^,，:：。?？]{1,14}[,，:：]")


#: Words of a name: a stretch holding one is part of the question (学生体质健康提升项目：…), not a lead-in.
_NAMED = r"\d|局|中心|办(?!理)|项目|资金|经费|指标|单位|部门|费|补助|补贴|学校|医院"


#: Any short clause before a colon (数据新闻要用：, 政协委员写提案用：) or before a comma ending in a verb of asking
#: (做残疾人服务的想问，): who asks and why, when it names nothing and asks nothing.
_CONTEXT_COLON = re.compile(r"^[^:：,，?？。]{2,16}[:：]")
_CONTEXT_ASK = re.compile(r"^[^:：,，?？。]{2,16}?(想问|想了解|想知道|问一下|想打听|打听一下|请教|想查|要查|想核实)(一下)?[,，:：]")
_ASKS_ITSELF = r"多少|几|哪|什么|啥|吗|是否|有没有|是不是"


def lead_in_off(raw: str, names=()) -> str:
    """The question without who asks it and how (记者想了解：…, 我是退休老工人，想打听一下…)."""
    joined = "\n".join(names)
    for pat in (_CONTEXT_COLON, _CONTEXT_ASK):
        m = pat.match(raw)
        if m and len(raw) - m.end() >= 6 and not re.search(_NAMED.replace("资金|", ""), m.group(0)) \
                and not re.search(_ASKS_ITSELF, m.group(0)) and not _says_a_name(norm(m.group(0)), joined):
            raw = raw[m.end():]
    m = _LEAD_IN.match(raw)
    if m and len(raw) - m.end() >= 4 and not re.search(_NAMED, m.group(0)):
        raw = raw[m.end():]
    m = _ASKER.match(raw)
    if m and len(raw) - m.end() >= 6 and not re.search(_NAMED, m.group(0)):
        raw = raw[m.end():]
    m = _LEAD_WORDS.match(raw)
    if m and len(raw) - m.end() >= 4:
        return raw[m.end():]
    return raw


def _says_a_name(text: str, joined: str) -> bool:
    """Does a stretch hold four characters of a name the database holds (高标准农田建设：…)?"""
    return bool(joined) and any(text[k:k + 4] in joined for k in range(max(0, len(text) - 3)))


#: 一万人 / 3万人次 / 两万户: a count in 万 of a unit the tables print in ones (万元, 万亩 are units of their own).
_TEN_THOUSANDS = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+)万(?=人|次|户|份|篇|场|名|册|卷|件|个|条|所|套|台|吨)")


def ten_thousands(text: str) -> str:
    def swap(m):
        n = cn_number(m.group(1))
        return m.group(0) if n is None else format(n * 10000, "f")
    return _TEN_THOUSANDS.sub(swap, text)


_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})(?=年)")
_YEAR_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}


def years_in_digits(text: str) -> str:
    """二〇二六年 → 2026年: a year said digit by digit in words."""
    return _CN_YEAR.sub(lambda m: "".join(_YEAR_DIGIT[c] for c in m.group(1)), text)


def schools_by_names(text: str, names) -> str:
    """一中 → 第一中学 wherever the database has a 第一中学 (云溪一中 实验室…, 一中跟后勤服务中心)."""
    def swap(m):
        full = f"第{m.group(1)}{m.group(2)}学"
        return full if any(full in n for n in names) else m.group(0)
    return re.sub(r"(?<![第前后数几每其之])([一二三四五六七八九十]{1,2})(中|小)(?![学心国华间])", swap, text)


def systems_as_bureaus(text: str, names) -> str:
    """云溪教育系统 → 云溪教育局: a field's 系统 is the bureau over it, when the database has that bureau and the
    words are not the start of a name (教育系统编外人员经费)."""
    whole = "\n".join(names)

    def swap(m):
        field = m.group(1)
        follow = text[m.start(1) + len(field): m.end() + 2]
        if follow in whole and len(follow) > len("系统"):
            return m.group(0)
        if any(n.endswith(field[-2:] + "局") for n in names):
            return field + "局"
        return m.group(0)
    return re.sub(r"([\u4e00-\u9fff]{2})系统(?!内|外)", swap, text)


_T2S = []


def simplified(text: str, names=()) -> str:
    """區人社局項目預算 → 区人社局项目预算: traditional characters (繁体) in the simplified form the tables use.
    A character some name of the database holds is kept as said (a name is never rewritten), and so is the
    whole text when the converter changes its length (a phrase rewritten, not characters)."""
    if not _T2S:
        try:
            import opencc  # one converter per process (≈20 ms to build)
            _T2S.append(opencc.OpenCC("t2s").convert)
        except Exception:  # no converter installed: the question is read as said
            _T2S.append(lambda t: t)
    out = _T2S[0](text)
    if out == text or len(out) != len(text):
        return text
    held = set("".join(names))
    return "".join(o if o != c and c not in held else c for c, o in zip(text, out))


#: 有没有 / 有木有 / 有冇: "is there": read as 有, the question flagged as asking whether (Reading.whether).
_HAS_OR_NOT = re.compile(r"有(没有|没|木有|冇)(?=[\u4e00-\u9fffA-Za-z0-9])")
_WHETHER = re.compile(r"有(没有|没|木有|冇)|是不是|是否|对不对|对吗|没错吧|没错吗|吗|(?<![什怎这那多])么$|不是吧|确实是|真的是")


#: A count said in a yes/no question (有50个项目吗, 是不是17个单位), never one bounding rows (超过5个指标的项目).
_COUNT_SAID = re.compile(r"(?<![超过于多少高低到足满第前后的])(?:一共|共|总共|总计|合计)?(?:有|是|为)?\s*(\d+|[一二两三四五六七八九十百]+)\s*"
                         r"(?:个|条|项|家)(?=项目|指标|单位|绩效指标)(?!.{0,4}(以上|以下|的项目|的单位))")


def comparators_as_words(text: str) -> str:
    """> and < (which the matching form drops, as brackets) said in words: 大于90% / 目标值用“大于号”写."""
    text = text.replace(">=", "≥").replace("<=", "≤")
    text = re.sub(r">(?=\s*\d)", "大于", text)
    text = re.sub(r"<(?=\s*\d)", "小于", text)
    return text.replace(">", "大于号").replace("<", "小于号")


#: Yes/no said other ways, put in the one form the planners read (…吗): 难道…？ / 能否说… / 可不可以说… / …了没(有) /
#: …吧，对吗 / 有无超过 (of one named row, not rows kept by it).
_YES_NO_FORMS = [
    (re.compile(r"^(请问)?难道(说)?"), ""),
    (re.compile(r"(能否|能不能|可否|可不可以|是否可以|可以)(说|认为)"), ""),
    (re.compile(r"了(没有|没)[？?。!！]*$"), "了吗"),
    (re.compile(r"(?<=[元个条项%万亿])(没有|没)[？?。!！]*$"), "吗"),  # 超过3000万元没有？
    (re.compile(r"(吧)?[，,]?\s*(对吗|对不对|是吗|是不是|没错吧|是这样吗)[？?。!！]*$"), "吗"),
    (re.compile(r"有无(?=超过|高于|低于|多于|少于|达到|不到|不足|大于|小于)"), "是否"),
]
#: A count bounded in a yes/no question (项目是否超过10个 / 有没有超过5个项目): the count is asked, then compared.
_COUNT_BOUND = re.compile(r"(超过|多于|大于|高于|不止|少于|低于|小于|不到|不足|达到|至少)了?\s*(\d+|[一二两三四五六七八九十百]+)\s*"
                          r"(?:个|条|项|家)(?!.{0,2}(以上|以下|的))")
_BOUND_OPS = {"超过": ">", "多于": ">", "大于": ">", "高于": ">", "不止": ">", "少于": "<", "低于": "<", "小于": "<",
              "不到": "<", "不足": "<", "达到": "≥", "至少": "≥"}


def yes_no_forms(text: str) -> tuple[str, bool]:
    """The question with its yes/no wording in the …吗 form, and whether any was found."""
    found = False
    for pattern, to in _YES_NO_FORMS:
        text, n = pattern.subn(to, text)
        found = found or bool(n)
    return text, found


class Reading:
    def __init__(self, question: str, names=()):
        names = list(names)
        self.raw = lead_in_off(simplified(unicodedata.normalize("NFKC", question or "").strip(), names), names)
        # other ways of saying a cue put in the planners' words (names the database holds left alone)
        text = school_numbers(spoken_percents(years_in_digits(ten_thousands(norm(comparators_as_words(self.raw))))))
        self.text = name_forms(canonical(systems_as_bureaus(schools_by_names(text, names), names), names), names)
        # 有没有满意度指标 / 有没有提到乡村振兴: a yes/no question asking whether there is, never the negation 没有
        self.text, reworded = yes_no_forms(self.text)
        self.whether = reworded or bool(_WHETHER.search(self.text))
        self.asked = self.text  # as said, 有没有 kept: a yes/no answer says 有/没有 to it (answers.verdict)
        self.text = _HAS_OR_NOT.sub("有", self.text)
        self.claimed_count = None  # (op, count)
        if self.whether:  # 人社局一共有50个项目，是否属实？: the count said is asked (几个), then checked
            m = _COUNT_SAID.search(self.text)
            b = _COUNT_BOUND.search(self.text)
            if b and cn_number(b.group(2)) is not None:  # 项目是否超过10个: 有几个, then compared with 10
                self.claimed_count = (_BOUND_OPS[b.group(1)], int(cn_number(b.group(2))))
                self.text = self.text[:b.start()] + "几" + self.text[b.start(2) + len(b.group(2)):]
            elif m and cn_number(m.group(1)) is not None:
                self.claimed_count = ("=", int(cn_number(m.group(1))))
                self.text = self.text[:m.start(1)] + "几" + self.text[m.end(1):]
        self.used = [False] * len(self.text)
        self.quoted = [norm(q) for q in re.findall(r"[“\"「『‘'《]([^”\"」』’'》]{1,80})[”\"」』’'》]", self.raw) if norm(q)]

    # ---- claims
    def free(self, start: int, end: int) -> bool:
        return start >= 0 and not any(self.used[start:end])

    def claim(self, start: int, end: int) -> None:
        for i in range(max(0, start), min(end, len(self.used))):
            self.used[i] = True

    def find(self, key: str, start: int = 0) -> int:
        """The first place `key` sits in the question on characters nobody has claimed, or -1."""
        i = self.text.find(key, start)
        while i >= 0:
            if self.free(i, i + len(key)):
                return i
            i = self.text.find(key, i + 1)
        return -1

    def take(self, key: str) -> int:
        """Find and claim `key`; its position, or -1."""
        i = self.find(key)
        if i >= 0:
            self.claim(i, i + len(key))
        return i

    def search(self, pattern: str, flags=0):
        """The first match of `pattern` lying on unclaimed characters only."""
        for m in re.finditer(pattern, self.text, flags):
            if m.end() > m.start() and self.free(m.start(), m.end()):
                return m
        return None

    def take_match(self, pattern: str):
        m = self.search(pattern)
        if m:
            self.claim(m.start(), m.end())
        return m

    def has(self, pattern: str) -> bool:
        """Does `pattern` occur anywhere in the question (claimed or not)?"""
        return re.search(pattern, self.text) is not None

    def masked(self) -> str:
        """The question with claimed characters as □ (for patterns that span names)."""
        return "".join("□" if u else ch for ch, u in zip(self.text, self.used))

    # ---- what is left
    def chunks(self) -> list[tuple[int, str]]:
        out, start = [], None
        for i, u in enumerate(self.used + [True]):
            if not u and start is None:
                start = i
            elif u and start is not None:
                out.append((start, self.text[start:i]))
                start = None
        return out

    def leftovers(self, cue_words=()) -> list[str]:
        """Content words no planner used: unclaimed runs with function and cue words taken off."""
        words = sorted(set(FUNCTION_WORDS) | set(cue_words), key=len, reverse=True)
        out = []
        for _, chunk in self.chunks():
            for piece in re.split(r"[^\u4e00-\u9fffA-Za-z0-9]+", chunk):
                rest = strip_function_words(piece, words)
                for m in re.finditer(r"[\u4e00-\u9fffA-Za-z]{2,}", rest):
                    out.append(_with_nouns(piece, m.start(), m.end()))
            # a compared number no planner read (低于5): its comparator is a function word, the number
            # is not a word, but dropping both answers another question
            out += [m.group(0) for m in _COMPARED.finditer(chunk)]
        return out


#: A comparator and the number after it (低于5, 不超过3.5), or a number and 以上 / 以下.
_COMPARED = re.compile(r"(大于等于|小于等于|大于或等于|小于或等于|不低于|不少于|不超过|不高于|不多于|大于|小于|高于|低于|超过|"
                       r"多于|少于|至少|至多|≥|≤|>|<)\s*\d+(\.\d+)?|\d+(\.\d+)?\s*(及以上|及以下|以上|以下|以内)")


#: Generic nouns kept with a word not understood, so the answer names what was asked (人员经费, 办公经费).
_NOUNS = ("经费", "资金", "费用", "补助", "补贴", "项目", "工程", "中心", "局", "办")


def _with_nouns(piece: str, start: int, end: int) -> str:
    while True:
        for n in _NOUNS:
            if piece.startswith(n, end):
                end += len(n)
                break
        else:
            return piece[start:end]


def strip_function_words(piece: str, words=FUNCTION_WORDS) -> str:
    """Blank out function words, longest first (left to right), keep the rest."""
    out, i = [], 0
    while i < len(piece):
        for w in words:
            if piece.startswith(w, i):
                out.append(" " * len(w))  # keep positions: the word left over is cut from `piece` by them
                i += len(w)
                break
        else:
            out.append(piece[i])
            i += 1
    return "".join(out)
