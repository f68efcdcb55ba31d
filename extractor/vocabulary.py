"""One vocabulary for the genre (项目支出绩效目标表): level names and codes, funding sources, header
roles, money units and comparators. Layouts, checks and ask read these lists; none keeps its own.

A label outside a list is kept under its own name and reported, never merged into a known one.
"""

from __future__ import annotations

from decimal import Decimal

# ---------------------------------------------------------------- indicator levels (指标层级)

#: Level codes of the national template (财政部 项目支出绩效指标体系); 4 成本指标 in the post-2021 variant.
LEVEL1 = {"1": "产出指标", "2": "效益指标", "3": "满意度指标", "4": "成本指标"}
LEVEL2 = {
    "11": "数量指标", "12": "质量指标", "13": "时效指标", "14": "成本指标",
    "21": "经济效益", "22": "社会效益", "23": "生态效益", "24": "可持续影响",
    "31": "服务对象满意度",
    "41": "经济成本", "42": "社会成本", "43": "生态环境成本",
}
#: Names seen in the wild for the same level-2 codes.
LEVEL2_ALIASES = {
    "经济效益指标": "经济效益", "社会效益指标": "社会效益", "生态效益指标": "生态效益",
    "可持续影响指标": "可持续影响", "服务对象满意度指标": "服务对象满意度",
    "经济成本指标": "经济成本", "社会成本指标": "社会成本", "生态环境成本指标": "生态环境成本",
}

#: Level names for indicators that carry no codes (per-project forms): name → the level-1
# codes it stands for. 效果指标 (Guangdong's template) holds both 效益 and 满意度 level-2s.
LEVEL1_NAMES: dict[str, frozenset[str]] = {
    **{name: frozenset({code}) for code, name in LEVEL1.items()},
    "预期产出指标": frozenset({"1"}),
    "效果指标": frozenset({"2", "3"}),
}
#: Level-2 names seen on forms, beyond LEVEL2 and LEVEL2_ALIASES.
FORM_LEVEL2_ALIASES = {
    "经济成本指标": "经济成本", "社会成本指标": "社会成本", "生态环境成本指标": "生态环境成本",
    "社会公众或服务对象满意度指标": "服务对象满意度", "社会公众或服务对象满意度": "服务对象满意度",
    "服务对象满意度指标": "服务对象满意度", "满意度指标": "服务对象满意度",
}

# ---------------------------------------------------------------- funding sources (资金来源)

#: Funding-source column labels, canonical form → variants printed for the same source.
FUNDING_SOURCES: dict[str, tuple[str, ...]] = {
    "财政拨款": ("财政拨款", "财政拨款收入", "财政补助", "财政补助收入"),
    "一般公共预算拨款": ("一般公共预算拨款", "一般公共预算", "一般公共预算资金", "一般公共预算拨款收入"),
    "政府性基金预算拨款": ("政府性基金预算拨款", "政府性基金", "政府性基金预算", "政府性基金拨款", "政府性基金预算资金"),
    "国有资本经营预算拨款": ("国有资本经营预算拨款", "国有资本经营预算", "国有资本经营预算资金"),
    "财政专户拨款": ("财政专户拨款", "财政专户管理资金", "财政专户", "纳入财政专户管理的资金"),
    "上级补助收入": ("上级补助收入", "上级补助"),
    "事业收入": ("事业收入",),
    "事业单位经营收入": ("事业单位经营收入", "经营收入"),
    "附属单位上缴收入": ("附属单位上缴收入",),
    "上年结转": ("上年结转", "上年结转资金", "上年结余结转"),
    "单位资金": ("单位资金", "单位自有资金"),
    "其他资金": ("其他资金", "其他收入", "其他"),
}
_SOURCE_OF = {v: k for k, vs in FUNDING_SOURCES.items() for v in vs}


def funding_source(label: str) -> str | None:
    """The canonical funding source a printed label names, or None when the label is not in the vocabulary.

    Matching is on the label with white space removed; the caller keeps the printed label either way.
    """
    return _SOURCE_OF.get("".join(label.split()))


# ---------------------------------------------------------------- money (金额单位)

#: Money units and their size in 元.
MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

# ---------------------------------------------------------------- comparators (比较符)

#: Comparators written before a number, longest first within each family.
PREFIX_COMPARATORS = [
    ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("至少", "≥"), (">=", "≥"), ("≥", "≥"), ("≧", "≥"),
    ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("不多于", "≤"), ("至多", "≤"), ("<=", "≤"), ("≤", "≤"), ("≦", "≤"),
    ("大于", ">"), ("高于", ">"), ("超过", ">"), ("多于", ">"), (">", ">"),
    ("小于", "<"), ("低于", "<"), ("少于", "<"), ("<", "<"),
    ("等于", "="), ("=", "="), ("±", "±"), ("+-", "±"),
]
#: Comparators written after a number. 以上/以下 are inclusive, as in Chinese statute usage (刑法 第九十九条).
SUFFIX_COMPARATORS = [
    ("及以上", "≥"), ("或以上", "≥"), ("以上", "≥"),
    ("及以下", "≤"), ("或以下", "≤"), ("以下", "≤"),
    ("以内", "≤"),
]

# ---------------------------------------------------------------- header words (表头)

#: Words of the wide table's header labels other than funding sources (the header is told from the body by them).
HEADER_LABEL_WORDS = ("项目名称", "资金使用单位", "单位名称", "项目", "单位", "总计", "合计", "金额", "资金总额",
                      "预算金额", "预算数", "绩效目标", "年度目标", "绩效指标")
#: Group labels printed over the funding-source columns in a two-row header; they name no column.
HEADER_GROUP_WORDS = ("资金来源", "其中", "资金构成", "预算资金来源")

# ---------------------------------------------------------------- header roles (表头)

#: Header labels of the wide table's columns other than the funding sources, by column role.
HEADER_ROLES: dict[str, tuple[str, ...]] = {
    "name": ("项目名称", "项目名称（资金使用单位）", "项目名称(资金使用单位)", "资金使用单位", "项目"),
    "total": ("总计", "合计", "金额", "资金总额", "预算金额", "总额"),
    "group": ("资金来源",),
    "goal": ("绩效目标", "年度目标", "年度绩效目标"),
    "indicators": ("绩效指标", "指标"),
}


def header_labels() -> list[str]:
    """Every printed label a wide table's header may hold (roles and funding sources), longest first."""
    words = {v for vs in HEADER_ROLES.values() for v in vs} | {v for vs in FUNDING_SOURCES.values() for v in vs}
    return sorted(words, key=lambda w: (-len(w), w))


#: Lines of the preamble that carry metadata: 部门名称：X and 单位：万元 (often on one line).
DEPARTMENT_LABELS = ("部门名称", "单位名称", "部门")
MONEY_UNIT_LABELS = ("金额单位", "单位")
