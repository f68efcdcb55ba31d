#!/usr/bin/env python3
"""One-off: write the hand-made gold for the per-project form layout (项目支出绩效目标申报表 / 批复表).

The content below is written by hand, in the style of Guangzhou district disclosures
(invented but consistent: every project's 资金总额 is the sum of its breakdown, every
score column adds up to 100, every 中期 value is at least its 年度 value). This script
only expands it into the Document JSON of eval/gold/conghua-hrss-2024.json and asserts
what can be asserted; it does not read any PDF.

  eval/gold/forms-panyu-edu-2024.json   申报表, 5 projects, 分值 and 备注 columns, scores in the
                                        level-1 labels (产出指标(50分)), 4-decimal 万元 amounts
  eval/gold/forms-huadu-agri-2025.json  批复表, 4 projects, 主管部门及代码 / 项目单位, 预期产出指标 /
                                        效果指标, 数量指标(或建筑规模指标), two stacked indicator blocks
                                        (中期 then 年度) for the two multi-year projects

Record conventions (the contract for form-layout gold):
  * level1 / level2: the printed label without a bracketed score or alternate; codes null;
  * name: 三级指标; annual_target: the 年度 block's (or the only block's) 指标值;
    period_target: the 中期 block's value for the same 三级指标, else null;
  * raw: the printed row, fields joined by "；": printed 一级 label, printed 二级 label, 三级指标,
    then "中期指标值:…" (when the 中期 block has the name), "年度指标值:…", "分值:…", "备注:…"
    (the last two only when printed and non-empty);
  * units: one per 实施单位 / 项目单位 in order of first appearance, amounts = sum of its
    projects, pages = union of its projects' pages; totals empty (a set of forms has no 合计);
  * source_columns: the breakdown labels as printed on the form, without 其中：, in order.

Gold-only key (dropped before validation, like the seed's repeated_rows): "form_extras", what a
form prints that the Document has no field for: style, the year printed in the 年度 labels, the
printed 主管部门 cell, and per project 项目属性, 项目期 and 中期目标. scripts/render_forms.py draws the fixtures from the JSON alone.

Standalone on purpose: it does not import the `extractor` package (its own small target
parser here is cross-checked by the checker, which re-parses every value with the package's).

Usage: python scripts/build_forms_gold.py [--outdir eval/gold]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# document 1: 番禺区教育局, 申报表 with 分值 and 备注
# indicator rows: (一级 printed, 二级 printed, 三级指标, 指标值, 分值, 备注)
# ---------------------------------------------------------------------------

PANYU = {
    "stem": "forms-panyu-edu-2024",
    "title": "2024年度项目支出绩效目标申报表",
    "department": "广州市番禺区教育局",
    "department_printed": "广州市番禺区教育局",
    "money_unit": "万元",
    "budget_year": 2024,
    "style": "panyu",
    "year_printed": None,
    "source_columns": ["一般公共预算", "政府性基金", "上年结转", "事业收入", "其他资金"],
    "projects": [
        {
            "name": "校园安全保卫服务经费",
            "unit": "广州市番禺区教育局",
            "项目属性": "经常性项目", "项目期": "1年",
            "total": "2140.0000", "sources": {"一般公共预算": "2140.0000"},
            "pages": [1],
            "goal": "为全区142所公办中小学、幼儿园配备专职保安员，落实校园“护校安园”工作要求，"
                    "实现校园安全防范全覆盖，全年校园安全事故控制在3次以下，师生及家长安全感明显增强。",
            "indicators": [
                ("产出指标(50分)", "数量指标", "配备专职保安员学校数", "142所", "10", ""),
                ("产出指标(50分)", "数量指标", "专职保安员人数", "≥860人", "10", ""),
                ("产出指标(50分)", "质量指标", "保安员持证上岗率", "100%", "10", ""),
                ("产出指标(50分)", "质量指标", "校园安全事故发生次数", "3次以下", "10", "以区教育局通报为准"),
                ("产出指标(50分)", "时效指标", "保安服务费支付及时性", "按月支付", "10", ""),
                ("成本指标(10分)", "经济成本指标", "保安服务单价", "≤4200元/人·月", "10", "按政府采购合同"),
                ("效益指标(30分)", "社会效益指标", "校园治安案件发生率同比下降", "≥5%", "15", ""),
                ("效益指标(30分)", "社会效益指标", "校园安全防范能力", "明显提升", "15", ""),
                ("满意度指标(10分)", "服务对象满意度指标", "师生及家长满意度", "≥90%", "10", "问卷调查"),
            ],
        },
        {
            "name": "智慧校园建设项目（2024年）",
            "unit": "广州市番禺区教育局",
            "项目属性": "一次性项目", "项目期": "1年",
            "total": "658.3275", "sources": {"一般公共预算": "420.0000", "上年结转": "238.3275"},
            "pages": [2],
            "goal": "建设智慧教室60间，完成全区中小学校园无线网络升级改造，部署无线接入点1500个以上，"
                    "推动信息技术与教育教学深度融合，信息化教学覆盖率达到85%以上。",
            "indicators": [
                ("产出指标(50分)", "数量指标", "建设智慧教室间数", "≥60间", "10", ""),
                ("产出指标(50分)", "数量指标", "部署校园网络无线接入点", "≥1500个", "10", ""),
                ("产出指标(50分)", "质量指标", "设备验收合格率", "100%", "15", "第三方验收"),
                ("产出指标(50分)", "时效指标", "项目完成时间", "按计划实施", "15", ""),
                ("成本指标(10分)", "经济成本指标", "项目总成本", "≤658.33万元", "10", "含上年结转资金"),
                ("效益指标(30分)", "社会效益指标", "信息化教学覆盖率", "≥85%", "15", ""),
                ("效益指标(30分)", "可持续影响指标", "设备正常运行年限", "≥5年", "15", ""),
                ("满意度指标(10分)", "服务对象满意度指标", "师生使用满意度", "≥90%", "10", ""),
            ],
        },
        {
            "name": "中小学教师继续教育培训经费",
            "unit": "广州市番禺区教师发展中心",
            "项目属性": "经常性项目", "项目期": "1年",
            "total": "386.5200", "sources": {"一般公共预算": "350.0000", "其他资金": "36.5200"},
            "pages": [3],
            "goal": "组织全区中小学、幼儿园教师参加市、区级继续教育培训，全年完成教师培训不少于12000人次，"
                    "提升教师专业能力和师德素养，参训教师满意度达到95%以上。",
            "indicators": [
                ("产出指标(50分)", "数量指标", "教师培训人次", "≥12000人次", "10", "按培训签到记录统计"),
                ("产出指标(50分)", "数量指标", "开设培训课程数", "≥180门", "10", ""),
                ("产出指标(50分)", "质量指标", "培训考核合格率", "≥95%", "10", ""),
                ("产出指标(50分)", "质量指标", "教师继续教育学时达标率", "100%", "10", ""),
                ("产出指标(50分)", "时效指标", "培训计划完成及时性", "及时", "10", ""),
                ("成本指标(10分)", "经济成本指标", "人均培训成本", "≤320元/人", "10", "含课酬、场地及资料费"),
                ("效益指标(30分)", "社会效益指标", "教师专业能力提升情况", "持续提升", "15", ""),
                ("效益指标(30分)", "可持续影响指标", "培训成果应用于课堂教学", "长期", "15", ""),
                ("满意度指标(10分)", "服务对象满意度指标", "参训教师满意度", "≥95%", "10", ""),
            ],
        },
        {
            "name": "名师工作室建设经费",
            "unit": "广州市番禺区教师发展中心",
            "项目属性": "延续性项目", "项目期": "3年",
            "total": "96.4000", "sources": {"一般公共预算": "80.0000", "事业收入": "16.4000"},
            "pages": [4],
            "goal": "支持24个区级名师工作室开展教学研究、示范引领和青年教师培养，全年开展示范课及专题讲座96场以上，"
                    "培养区级骨干教师120人以上。",
            "indicators": [
                ("产出指标(50分)", "数量指标", "名师工作室数量", "24个", "15", ""),
                ("产出指标(50分)", "数量指标", "开展示范课及专题讲座", "≥96场", "10", ""),
                ("产出指标(50分)", "质量指标", "工作室年度考核合格率", "≥95%", "15", ""),
                ("产出指标(50分)", "时效指标", "年度任务完成率", "100%", "10", ""),
                ("效益指标(40分)", "社会效益指标", "培养区级骨干教师人数", "≥120人", "20", ""),
                ("效益指标(40分)", "可持续影响指标", "优秀教学成果推广", "持续推广", "20", ""),
                ("满意度指标(10分)", "服务对象满意度指标", "工作室学员满意度", "≥95%", "10", ""),
            ],
        },
        {
            "name": "学生资助专项资金",
            "unit": "广州市番禺区学生资助管理中心",
            "项目属性": "经常性项目", "项目期": "1年",
            "total": "1265.8460", "sources": {"一般公共预算": "1028.3460", "政府性基金": "237.5000"},
            "pages": [5],
            "goal": "落实学前教育、义务教育、普通高中及中职学生资助政策，资助家庭经济困难学生4800人以上，"
                    "做到应助尽助，确保不让一个学生因家庭经济困难而失学。",
            "indicators": [
                ("产出指标(50分)", "数量指标", "资助家庭经济困难学生人数", "≥4800人", "15", ""),
                ("产出指标(50分)", "数量指标", "普通高中国家助学金资助标准", "2000元/人·年", "10", "按省定标准"),
                ("产出指标(50分)", "质量指标", "资助对象认定准确率", "100%", "15", ""),
                ("产出指标(50分)", "时效指标", "资助资金发放及时率", "100%", "10", "按学期发放"),
                ("成本指标(10分)", "经济成本指标", "预算执行偏差率", "±3%以内", "10", ""),
                ("效益指标(30分)", "社会效益指标", "因家庭经济困难辍学学生人数", "0人", "15", ""),
                ("效益指标(30分)", "社会效益指标", "受助学生资助政策知晓率", "≥90%", "15", ""),
                ("满意度指标(10分)", "服务对象满意度指标", "受助学生及家长满意度", "≥92%", "10", ""),
            ],
        },
    ],
}

# ---------------------------------------------------------------------------
# document 2: 花都区农业农村局, 批复表, two blocks for multi-year projects
# indicator rows: (一级 printed, 二级 printed, 三级指标, 年度指标值, 中期指标值 or None)
# a project with "中期目标" has a 中期 block: the rows whose 中期 value is not None, in order
# ---------------------------------------------------------------------------

_Q = "数量指标(或建筑规模指标)"
_SAT = "社会公众或服务对象满意度指标"

HUADU = {
    "stem": "forms-huadu-agri-2025",
    "title": "项目支出绩效目标批复表",
    "department": "广州市花都区农业农村局",
    "department_printed": "[143001]广州市花都区农业农村局",
    "money_unit": "万元",
    "budget_year": None,
    "style": "huadu",
    "year_printed": 2025,  # 年度目标（2025年）, 年度绩效指标: the 批复表's title itself has no year
    "source_columns": ["一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "单位资金"],
    "projects": [
        {
            "name": "高标准农田建设项目",
            "unit": "广州市花都区农业农村局",
            "项目属性": "延续性项目", "项目期": "3年（2024—2026年）",
            "total": "3256.8000", "sources": {"一般公共预算": "1800.0000", "政府性基金预算": "1456.8000"},
            "pages": [1, 2],
            "中期目标": "2024—2026年累计建设高标准农田3.2万亩，配套完善灌溉排水、田间道路、农田输配电等设施，"
                        "耕地质量提升0.5个等级以上，项目区粮食综合生产能力明显增强，农田灌溉水有效利用系数达到0.62。",
            "goal": "2025年新建高标准农田1.1万亩，完成灌排渠道、机耕路等配套工程建设，项目按计划实施并通过竣工验收，"
                    "项目区亩均节本增效100元以上，项目区群众满意度达到90%以上。",
            "indicators": [
                ("预期产出指标", _Q, "新建高标准农田面积", "≥1.1万亩", "≥3.2万亩"),
                ("预期产出指标", _Q, "新建及改造灌排渠道长度", "≥45公里", "≥130公里"),
                ("预期产出指标", _Q, "新建及改造机耕路长度", "≥38公里", "≥110公里"),
                ("预期产出指标", "质量指标", "工程质量验收合格率", "100%", "100%"),
                ("预期产出指标", "质量指标", "耕地质量等级提升", "≥0.5等", "≥0.5等"),
                ("预期产出指标", "时效指标", "工程完工及时率", "≥95%", "≥95%"),
                ("预期产出指标", "成本指标", "亩均财政投入", "≤3000元/亩", "≤3000元/亩"),
                ("效果指标", "经济效益指标", "项目区亩均节本增效", "≥100元/亩", "≥150元/亩"),
                ("效果指标", "社会效益指标", "项目区粮食综合生产能力提升", "≥10%", "≥10%"),
                ("效果指标", "生态效益指标", "农田灌溉水有效利用系数", "≥0.6", "≥0.62"),
                ("效果指标", "可持续影响指标", "工程设施正常使用年限", "≥15年", "≥15年"),
                ("效果指标", _SAT, "项目区群众满意度", "≥90%", "≥90%"),
            ],
        },
        {
            "name": "农业面源污染治理项目",
            "unit": "广州市花都区农业农村局",
            "项目属性": "一次性项目", "项目期": "1年",
            "total": "428.6350", "sources": {"一般公共预算": "428.6350"},
            "pages": [3],
            "goal": "开展化肥农药减量增效行动，推广测土配方施肥和病虫害绿色防控技术，建设农药包装废弃物回收点30个以上，"
                    "有效降低农业面源污染。",
            "indicators": [
                ("预期产出指标", _Q, "测土配方施肥技术推广面积", "≥12万亩", None),
                ("预期产出指标", _Q, "建设农药包装废弃物回收点", "≥30个", None),
                ("预期产出指标", "质量指标", "农药包装废弃物回收率", "≥80%", None),
                ("预期产出指标", "时效指标", "项目完成时限", "按计划实施", None),
                ("预期产出指标", "成本指标", "农药包装废弃物回收处置费用", "≤65万元", None),
                ("效果指标", "生态效益指标", "化肥使用量较上年减少", "≥3%", None),
                ("效果指标", "生态效益指标", "主要农作物病虫害绿色防控覆盖率", "≥55%", None),
                ("效果指标", _SAT, "项目区农户满意度", "≥90%", None),
            ],
        },
        {
            "name": "农业技术推广服务经费",
            "unit": "广州市花都区农业技术推广中心",
            "项目属性": "经常性项目", "项目期": "3年（2025—2027年）",
            "total": "186.2400", "sources": {"一般公共预算": "150.0000", "单位资金": "36.2400"},
            "pages": [4],
            "中期目标": "2025—2027年累计开展农业技术培训180期以上、培训农民9000人次以上，主推技术到位率保持在95%以上，"
                        "健全基层农技推广服务体系。",
            "goal": "2025年开展农业技术培训60期以上，培训农民3000人次以上，推广农业主推技术10项，"
                    "主推技术应用农户增收5%以上。",
            "indicators": [
                ("预期产出指标", _Q, "开展农业技术培训期数", "≥60期", "≥180期"),
                ("预期产出指标", _Q, "培训农民人次", "≥3000人次", "≥9000人次"),
                ("预期产出指标", "质量指标", "主推技术到位率", "≥95%", "≥95%"),
                ("预期产出指标", "时效指标", "技术指导响应时间", "48小时以内", "48小时以内"),
                ("效果指标", "经济效益指标", "主推技术应用农户增收", "≥5%", "≥8%"),
                ("效果指标", "社会效益指标", "农业主推技术入户率", "≥90%", None),
                ("效果指标", "可持续影响指标", "基层农技推广体系运行", "持续有效", "持续有效"),
                ("效果指标", _SAT, "受训农民满意度", "≥92%", "≥92%"),
            ],
        },
        {
            "name": "动物疫病强制免疫经费",
            "unit": "广州市花都区动物疫病预防控制中心",
            "项目属性": "经常性项目", "项目期": "1年",
            "total": "512.0800", "sources": {"一般公共预算": "452.0800", "单位资金": "60.0000"},
            "pages": [5],
            "goal": "完成全区口蹄疫、高致病性禽流感等重大动物疫病强制免疫，应免畜禽免疫密度保持在90%以上，"
                    "确保不发生区域性重大动物疫情。",
            "indicators": [
                ("预期产出指标", _Q, "畜禽强制免疫数量", "≥380万头只", None),
                ("预期产出指标", "质量指标", "应免畜禽免疫密度", "≥90%", None),
                ("预期产出指标", "质量指标", "免疫抗体合格率", "≥70%", None),
                ("预期产出指标", "时效指标", "春秋两季集中免疫完成时间", "及时", None),
                ("预期产出指标", "成本指标", "疫苗采购成本", "≤452.08万元", None),
                ("效果指标", "社会效益指标", "区域性重大动物疫情发生次数", "0次", None),
                ("效果指标", "生态效益指标", "病死畜禽无害化处理率", "100%", None),
                ("效果指标", _SAT, "养殖场户满意度", "≥90%", None),
            ],
        },
    ],
}

DOCUMENTS = [PANYU, HUADU]

# ---------------------------------------------------------------------------
# expansion
# ---------------------------------------------------------------------------

_TARGET = re.compile(r"^(≥|≤|±)?(\d+(?:\.\d+)?)([^\d]*?)(以下|以上|以内)?$")
_SUFFIX_OP = {"以下": "≤", "以上": "≥", "以内": "≤"}


def target(raw: str) -> dict:
    """A value as the gold records it: raw, op, value, unit (independent of extractor.indicators)."""
    if not re.search(r"\d", raw):
        return {"raw": raw, "op": None, "value": None, "unit": None}
    m = _TARGET.match(raw)
    assert m, f"value the gold cannot write: {raw!r}"
    pre, number, unit, suf = m.groups()
    op = pre or _SUFFIX_OP.get(suf or "") or "="
    return {"raw": raw, "op": op, "value": number, "unit": unit or None}


def strip_label(label: str) -> str:
    """产出指标(50分) → 产出指标; 数量指标(或建筑规模指标) → 数量指标."""
    return re.sub(r"\([^()]*\)$", "", label)


def indicator(seq: int, row: tuple, style: str, has_period_block: bool) -> dict:
    if style == "panyu":
        l1p, l2p, name, annual, score, remark = row
        period = None
    else:
        l1p, l2p, name, annual, period = row
        score = remark = ""
        assert has_period_block or period is None
    fields = [l1p, l2p, name]
    if period is not None:
        fields.append(f"中期指标值:{period}")
    fields.append(f"年度指标值:{annual}")
    if score:
        fields.append(f"分值:{score}")
    if remark:
        fields.append(f"备注:{remark}")
    return {
        "seq": seq,
        "level1": strip_label(l1p),
        "level1_code": None,
        "level2": strip_label(l2p),
        "level2_code": None,
        "name": name,
        "period_target": target(period) if period is not None else None,
        "annual_target": target(annual),
        "raw": "；".join(fields),
    }


def build(spec: dict) -> dict:
    units: dict[str, dict] = {}
    extras = []
    for p in spec["projects"]:
        # money: total is the sum of the breakdown, every source is a printed breakdown label
        total = Decimal(p["total"])
        assert sum(Decimal(v) for v in p["sources"].values()) == total, p["name"]
        assert set(p["sources"]) <= set(spec["source_columns"]), p["name"]
        assert all(len(v.split(".")[1]) == 4 for v in [p["total"], *p["sources"].values()]), p["name"]
        has_period = "中期目标" in p
        inds = [indicator(i + 1, row, spec["style"], has_period) for i, row in enumerate(p["indicators"])]
        names = [i["name"] for i in inds]
        assert len(set(names)) == len(names), p["name"]
        if spec["style"] == "panyu":
            scores = sum(int(r[4]) for r in p["indicators"])
            assert scores == 100, (p["name"], scores)
            for label in {r[0] for r in p["indicators"]}:
                want = int(re.search(r"\((\d+)分\)", label).group(1))
                got = sum(int(r[4]) for r in p["indicators"] if r[0] == label)
                assert want == got, (p["name"], label, want, got)
        project = {
            "name": p["name"],
            "amounts": {"total": p["total"], "sources": dict(sorted(
                p["sources"].items(), key=lambda kv: spec["source_columns"].index(kv[0])))},
            "goal": p["goal"],
            "pages": p["pages"],
            "indicators": inds,
        }
        u = units.setdefault(p["unit"], {"name": p["unit"], "projects": []})
        assert u is list(units.values())[-1], f"{p['unit']}: its projects are not contiguous"
        u["projects"].append(project)
        extras.append({"name": p["name"], "项目属性": p["项目属性"], "项目期": p["项目期"],
                       "中期目标": p.get("中期目标")})
    out_units = []
    for u in units.values():
        total = sum(Decimal(p["amounts"]["total"]) for p in u["projects"])
        sources: dict[str, Decimal] = {}
        for p in u["projects"]:
            for k, v in p["amounts"]["sources"].items():
                sources[k] = sources.get(k, Decimal(0)) + Decimal(v)
        out_units.append({
            "name": u["name"],
            "amounts": {"total": format(total, "f"), "sources": {
                k: format(sources[k], "f") for k in spec["source_columns"] if k in sources}},
            "pages": sorted({n for p in u["projects"] for n in p["pages"]}),
            "projects": u["projects"],
        })
    pages = [n for u in out_units for p in u["projects"] for n in p["pages"]]
    assert pages == list(range(1, len(pages) + 1)), f"pages not 1..N in order: {pages}"
    return {
        "title": spec["title"],
        "department": spec["department"],
        "money_unit": spec["money_unit"],
        "budget_year": spec["budget_year"],
        "source_columns": spec["source_columns"],
        "totals": {"total": None, "sources": {}},
        "units": out_units,
        "findings": [],
        "form_extras": {
            "style": spec["style"],
            "year": spec["year_printed"],
            "主管部门": spec["department_printed"],
            "projects": extras,
        },
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--outdir", type=Path, default=ROOT / "eval" / "gold")
    args = ap.parse_args(argv)
    for spec in DOCUMENTS:
        gold = build(spec)
        out = args.outdir / f"{spec['stem']}.json"
        out.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        n_p = sum(len(u["projects"]) for u in gold["units"])
        n_i = sum(len(p["indicators"]) for u in gold["units"] for p in u["projects"])
        n_m = sum(1 for u in gold["units"] for p in u["projects"] for i in p["indicators"] if i["period_target"])
        print(f"wrote {out}: {len(gold['units'])} units, {n_p} projects, {n_i} indicators "
              f"({n_m} with a 中期 value)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
