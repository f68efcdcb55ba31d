"""Comparisons: a share (占比), a difference (差额) and a ratio (倍数), of amounts or of counts."""

from __future__ import annotations


from extractor.ask.text import percent, round2
from extractor.ask.answers.base import Base, Result


class Comparisons(Base):
    def ask_share(self) -> Result:
        part, whole = self.plan.parts
        a, a_name, ca = self.whole(part)
        b, b_name, cb = self.whole(whole)
        if not b:
            return self.result("数据中没有可用来计算占比的总额", None, [], "share")
        if self.plan.rank_by in ("projects", "indicators"):
            noun = "个项目" if self.plan.rank_by == "projects" else "条指标"
            pct = percent(a, b)
            return self.result(f"{a_name}{a}{noun}，占{b_name}{b}{noun}的{pct}%", pct, ca + cb, "share")
        if part.source and not (part.projects or part.units) and not b_name:
            a_name = part.source
        a_label = a_name if a_name and (part.projects or part.units or part.words) else (part.source or a_name)
        if part.source and a_name and (part.projects or part.units):
            a_label = f"{a_name}的{part.source}"  # 社保中心的财政拨款, not the unit's whole budget
        b_label = (b_name + (whole.source or "预算") + ("总额" if not (whole.units or whole.projects) else "")) if b_name \
            else "预算总额"
        pct = percent(a, b)
        docs = part.docs + whole.docs
        return self.result(f"{a_label}{self.m(a, docs)}，占{b_label}{self.m(b, docs)}的{pct}%", pct, ca + cb, "share")

    def ask_compare(self) -> Result:
        left, right = self.plan.parts
        a, a_name, ca = self.whole(left)
        b, b_name, cb = self.whole(right)
        docs = left.docs + right.docs
        label = left.source or ("平均每个项目金额" if self.plan.agg == "avg" else "预算")
        if self.plan.rank_by in ("projects", "indicators"):
            noun = "个项目" if self.plan.rank_by == "projects" else "条指标"
            if self.plan.compare == "ratio":
                r = round2(a / b) if b else None
                return self.result(f"{a_name}有{a}{noun}，{b_name}有{b}{noun}，前者是后者的{r}倍", r, ca + cb,
                                   "compare")
            return self.result(f"{a_name}有{a}{noun}，{b_name}有{b}{noun}，前者比后者{'多' if a >= b else '少'}"
                               f"{abs(a - b)}{noun[0]}", abs(a - b), ca + cb, "compare")
        if self.plan.compare == "ratio":
            if not b:
                return self.result(f"{b_name}的{label}为零，无法计算倍数", None, ca + cb, "compare")
            r = round2(a / b)
            return self.result(f"{a_name}的{label}{self.m(a, docs)}是{b_name}{self.m(b, docs)}的{r}倍", r, ca + cb,
                               "compare")
        ua, ub = self.unit_of(left.docs), self.unit_of(right.docs)
        if ua and ub and ua != ub:  # 云溪区教育局（万元）和卫健委（元）: both in one unit first
            unit = self.common_unit(docs)
            a2, b2 = self.in_unit(a, left.docs, unit), self.in_unit(b, right.docs, unit)
            diff = round2(a2 - b2)
            said_a = "" if ua == unit else f"（合{a2:,}{unit}）"
            said_b = "" if ub == unit else f"（合{b2:,}{unit}）"
            return self.result(f"{a_name}的{label}{self.m(a, left.docs)}{said_a}，{b_name}{self.m(b, right.docs)}{said_b}，"
                               f"前者比后者{'多' if diff >= 0 else '少'}{abs(diff):,}{unit}", abs(diff), ca + cb, "compare")
        diff = a - b
        word = "多" if diff >= 0 else "少"
        return self.result(f"{a_name}的{label}{self.m(a, docs)}，{b_name}{self.m(b, docs)}，前者比后者{word}"
                           f"{self.m(abs(diff), docs)}", abs(diff), ca + cb, "compare")
