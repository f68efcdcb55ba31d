"""Words around a question that carry no table concept (客套话、提问者、语气): how it is asked, not what.

Coverage (extractor/ask/planners/coverage.py, Reading.leftovers) refuses a question with a content word
no planner understood. A word that names something the table lacks (办公楼面积, 公务接待) must keep doing
so; a word about the asking itself must not: 老师您好, 麻烦核实一下, 作为一名普通市民我很好奇, 听说,
万分感谢. Such words fall in a few closed classes, kept here by class so that a new one is added to its
class rather than to a list of questions:

- ASKING: verbs of asking, looking up and replying (请教, 核实, 求助, 回答);
- POLITENESS: greetings, thanks, apologies, requests (您好, 万分感谢, 不好意思打扰了, 烦请);
- ASKERS: who asks (老师, 市民, 本人, 作为一名…);
- HEDGES: hearsay, guesses, feelings, a claim to check and degree words (听说, 我看到, 是否属实, 好奇, 顺便);
- FRAMES: words that point at the table or frame the view (所列, 表上, 从资金结构看).

No entry is one character, and none begins a word a budget table uses (帮扶, 普通高中, 学生资助, 群众满意度
are content): a filler is stripped only where no planner claimed the characters, longest first.
"""

from __future__ import annotations

ASKING = """
先说 再说 先告诉我 再告诉我 最后告诉我 然后告诉我 一并列出 请一并列出 一并 请教 请教一下 请示 咨询 咨询一下 核实 核实一下 核对 核对一下 核查 确认 确认一下 求证 求问 求教 求解 求助 求答 求解答
回答 回答一下 解答 解答一下 答复 回复 回复一下 说明 说明一下 解释 解释一下 介绍 介绍一下 指点 指教 指点一下 赐教
查阅 查找 查找一下 检索 搜索 搜一下 翻一下 翻翻 瞧瞧 瞅瞅 瞧一下 瞅一下 看一看 查一查 问一问 算一算 数一数 数数
报一下 报个数 说个数 给个数 给个数字 给我 告诉一下 讲一下 讲一讲 说一说 问个 问件事 问点事 请您 请你 您能 你能
帮个忙 帮帮忙 帮我查 帮我算 帮我问 帮查 帮忙查 帮忙看 帮看 替我 提个问题 提问 发问 想请问 想问问 想问下 请问下 请问一下
"""

POLITENESS = """
您好 你好 大家好 老师好 领导好 早上好 下午好 晚上好 谢谢 谢谢您 谢谢你 谢了 多谢 感谢 感谢您 非常感谢 万分感谢 十分感谢
不胜感激 感激不尽 感激 辛苦了 辛苦 辛苦您 有劳 劳烦 烦请 敬请 恳请 拜托 拜托了 麻烦了 麻烦您 麻烦你 不好意思 打扰了
打扰一下 打扰 冒昧 冒昧问一下 抱歉 请多指教 多指教 盼复 望告知 望答复 望回复 静候 在线等 急急 急求 急问 回头见 祝好 此致
"""

ASKERS = """
老师 同志 领导 专家 师傅 朋友 各位 大家 本人 我们 咱们 俺们 市民 普通市民 网友 老百姓 普通老百姓 纳税人 居民 普通居民 一名 一位 作为
观众 观众朋友 观众朋友们 各位观众 听众 听众朋友们 读者 读者朋友们 网友们 朋友们 家人们 大伙 大伙儿 乡亲们
小白 新手 外行 门外汉 我是 我这边 我这里 我方 我单位 我们单位 我家 家里人 老头子 老太太 老人家 退休老人 老工人
"""

HEDGES = """
我看到 我看 看到 我查到 我算的 我算了 我算出 网上说 新闻说 报道说 有报道 有人讲 别人说 传言 传闻
属实 是否属实 是否准确 准不准 准确吗 对不对 正确吗 有没有错 没错吧 这个说法 说法
听说 据说 听人说 听别人说 有人说 好像 似乎 貌似 我猜 猜一下 估计 可能 也许 或许 大致 大体 大体上 基本上 应该是 应当
好奇 很好奇 挺好奇 比较好奇 关心 很关心 比较关心 关注 在意 疑问 有个问题 一个问题 问题是 小问题 不太清楚 不清楚 搞不清
搞不懂 看不懂 弄不懂 不太懂 不明白 弄不明白 想看 想看看 想了解 想知道的是 非常 真的 其实 实际上
顺便 顺带 另外 此外 再问 还想问 那么 所以 然后 话说 说实话 老实说 一直 想要 希望 需要知道 方便的话 如果方便 有空
挺急的 挺急 很急 着急 急用 有点急 我记得 记得 印象中 印象里
请回答 回答我 尽快 马上 赶紧 快点 一下子 好吗 行吗 可以吗 好不好 行不行 可以不 哦哦 嗯嗯 哈哈
"""

FRAMES = """
所列 所列的 列示 列示的 所示 所示的 表上 表内 表格里 表格中 上面 上述 以上所列 这份表 那张表 这份材料 材料里 文件里 报表
从资金结构看 从资金构成看 从结构看 从结构上看 从构成看 资金结构 从总体看 总体来看 总体上 整体来看 从整体看 来看 看来
投入 投入了 投了 使用了 使用 动用 动用了 用上 用上了 涉及到 牵涉 包括局本级 包含局本级 连同局本级 算上局本级 加上局本级
纳入绩效目标管理 纳入绩效管理 纳入预算管理 纳入管理 原文 原话 原样 原句 照原文 照抄 一字不差
"""

#: Every filler word, longest first (the order strip_function_words needs).
FILLERS: tuple[str, ...] = tuple(sorted({w for block in (ASKING, POLITENESS, ASKERS, HEDGES, FRAMES) for w in block.split()},
                                        key=len, reverse=True))
