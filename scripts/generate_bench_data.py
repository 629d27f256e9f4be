#!/usr/bin/env python3
"""Synthetic Longhua 2021 records for benchmarks (bench/run, docs/performance.md).

    python3 scripts/generate_bench_data.py OUT.csv [ROWS] [--seed S]

Writes ROWS records (default 1,000,000) in the Longhua 2021 data template
(docs/longhua-2021-data-template.md): the columns of
examples/longhua-2021-published.csv, in the same order, UTF-8, no BOM.

- Deterministic: a fixed seed (default 20210), python3 standard library only;
  row i is the same whatever ROWS is (a smaller file is a prefix of a larger one).
- Unique keys: 单位000001, 单位000002, …
- Every record satisfies the ruleset's constraints and input kinds (no record
  is rejected by `rubric eval rulesets/longhua-2021.rubric`).
- One record in four (rows 1, 5, 9, …) sits on tier bounds and rounding ties:
  固定资产利用率 exactly 90% / 75% / 60% or at a tie that rounds onto a bound
  (89.95% → 90.0%); 编外人员控制率 exactly 5% / 10% or 4.95% / 10.05%;
  满意度 exactly 95 / 90 / 80 (or just under); 政府采购 actual = plan, or a
  rate with a 0.05-point tie; quarterly progress whose 执行率 is a tie at
  0.05 point (19.8375% ÷ 25% = 79.35% → 79.4%); 项目完成率 ties after
  保留 0.1% (399/400 = 99.75% → 99.8%); 三公 / 日常公用经费控制率 exactly 90% /
  100% or 89.95% / 99.95% / 100.05%; 预算调整幅度 exactly 10% or 10.05%;
  judgments with a third decimal 5 so that a score rounds at a 0.005 tie.
  The other records are ordinary: rates spread around the bounds.

The data is not committed; bench/run regenerates it (and reuses a file made
with the same seed and size).
"""

import argparse
import random
import sys

COLUMNS = [
    "单位",
    "预算编制合理性_条件1", "预算编制合理性_条件2", "预算编制合理性_条件3", "预算编制合理性_条件4", "预算编制合理性_条件5",
    "预算编制规范性_不符合项数", "绩效目标_不符合要求项数",
    "绩效指标明确性_条件1", "绩效指标明确性_条件2", "绩效指标明确性_条件3", "绩效指标明确性_条件4", "绩效指标明确性_条件5",
    "政府采购实际金额", "政府采购计划金额", "政府采购政策功能得分", "存在违规支出",
    "预算调整调剂金额", "年初预算数", "资金支出规范性得分", "会计核算规范性得分",
    "预算公开", "决算公开",
    "项目设立调整履行报批", "招投标验收执行制度", "建立资金管理和监控机制", "主管部门开展检查监控", "专项资金评价结果为差",
    "资产配置合理账实相符", "资产处置规范收入上缴",
    "在用固定资产总额", "固定资产总额", "在编人数", "核定编制数", "编外人员数", "管理制度健全性得分",
    "三公经费实际支出", "三公经费调整预算", "日常公用经费决算数", "日常公用经费调整预算",
    "第一季度累计支出进度", "第二季度累计支出进度", "第三季度累计支出进度", "第四季度累计支出进度",
    "未完成重点工作数", "按期完成项目数", "计划项目数", "效果性得分",
    "建立信访渠道", "信访回复率达100", "信访及时回复率达100", "满意度",
]

YES, NO = "是", "否"


def cents(c):
    """An amount held in 0.01 万元 as the template writes it: 84153.30."""
    return "%d.%02d" % divmod(c, 100)


def percent4(p):
    """A percentage held in 0.0001 percentage points: 198375 → 19.8375."""
    whole, frac = divmod(p, 10000)
    if frac == 0:
        return str(whole)
    return ("%d.%04d" % (whole, frac)).rstrip("0")


def fraction_amounts(rnd, num, den, scale_max=5000):
    """(actual, base) amounts in cents with actual / base = num / den exactly."""
    m = rnd.randint(1, scale_max)
    return num * m, den * m


def ratio_pair(rnd, lo, hi, base_lo, base_hi):
    """(part, base) in cents with part / base spread over [lo, hi]."""
    base = rnd.randint(base_lo, base_hi)
    return rnd.randint(int(base * lo), int(base * hi)), base


def generate(out, rows, seed):
    rnd = random.Random(seed)
    r = rnd.random
    ri = rnd.randint
    ch = rnd.choice
    width = max(6, len(str(rows)))
    key_format = "单位%0" + str(width) + "d"
    yn = lambda p: YES if r() < p else NO  # noqa: E731

    judgment1 = ["1", "1", "1", "0.5", "0.8", "0.875", "0.125", "0", "0.6", "0.95", "0.995", "0.005"]
    judgment3 = ["3", "3", "2.5", "2", "2.75", "1.5", "2.995", "0"]
    judgment20 = ["20", "19", "18.5", "17.125", "18.555", "16", "19.995", "12.345", "20"]
    disclosure = ["完整公开"] * 7 + ["部分公开", "未公开", "涉密"]

    out.write(",".join(COLUMNS) + "\n")
    write = out.write
    for i in range(1, rows + 1):
        edge = (i % 4) == 1  # one record in four on bounds and ties
        f = [key_format % i]
        f += [yn(0.85) for _ in range(5)]
        f.append(str(ch((0, 0, 0, 0, 1, 2, 3, 7))))
        f.append(str(ch((0, 0, 0, 1, 2, 5, 10))))
        f += [yn(0.85) for _ in range(5)]

        # 政府采购: actual ≤ plan mostly; = plan; a rate tie; over plan (0 分)
        kind = ri(0, 9)
        if edge and kind < 4:
            plan = ri(1000, 10_000_000)
            actual = plan
        elif edge and kind < 8:
            k = ri(500, 999)  # (2k+1)/2000: a tie at 0.05 point, e.g. 89.05% → 89.1%
            actual, plan = fraction_amounts(rnd, 2 * k + 1, 2000)
        elif kind == 9:
            plan = ri(1000, 10_000_000)
            actual = plan + ri(1, max(1, plan // 10))
        else:
            actual, plan = ratio_pair(rnd, 0.4, 1.0, 1000, 10_000_000)
        f += [cents(actual), cents(plan), ch(judgment1), YES if r() < 0.03 else NO]

        # 预算调整幅度: exactly 10%, a tie at 10.05%, or spread 0 … 40%
        kind = ri(0, 3)
        if edge and kind == 0:
            base = ri(1000, 5_000_000) * 10
            adj = base // 10
        elif edge and kind == 1:
            adj, base = fraction_amounts(rnd, 201, 2000)  # 10.05% → 10.1%
        elif edge and kind == 2:
            k = ri(100, 300)
            adj, base = fraction_amounts(rnd, 2 * k + 1, 2000)
        else:
            adj, base = ratio_pair(rnd, 0.0, 0.4, 10_000, 50_000_000)
        f += [cents(adj), cents(base), ch(judgment1), ch(judgment1)]

        f += [ch(disclosure), ch(disclosure)]
        f += [yn(0.9), yn(0.9), yn(0.9), yn(0.9), YES if r() < 0.05 else NO, yn(0.9), yn(0.9)]

        # 固定资产利用率: exactly 90 / 75 / 60 %, a tie onto a bound, or spread
        kind = ri(0, 5)
        if edge and kind < 3:
            num = (90, 75, 60)[kind]
            used, total = fraction_amounts(rnd, num, 100, 50_000)
        elif edge:
            k = ch((899, 749, 599, 898, 748, 598))  # 89.95% → 90.0%, 89.85% → 89.9% …
            used, total = fraction_amounts(rnd, 2 * k + 1, 2000)
        else:
            total = ri(1000, 10_000_000)
            used = total if r() < 0.4 else ri(int(total * 0.5), total)
        f += [cents(used), cents(total)]

        # 人员: 财政供养 ≤ / > 100%; 编外 exactly 5% / 10% or ties at 4.95% / 10.05%
        kind = ri(0, 5)
        if edge and kind == 0:
            m = ri(1, 50)
            staff, outside = 19 * m, m            # 5%
        elif edge and kind == 1:
            m = ri(1, 100)
            staff, outside = 9 * m, m             # 10%
        elif edge and kind == 2:
            staff, outside = 1901, 99             # 4.95% → 5.0%
        elif edge and kind == 3:
            staff, outside = 1799, 201            # 10.05% → 10.1%
        elif edge and kind == 4:
            staff, outside = 1999, 1              # 0.05% → 0.1%
        else:
            staff, outside = ri(1, 400), ri(0, 60)
        kind = ri(0, 4)
        if edge and kind == 0:
            quota = staff                          # exactly 100%
        elif edge and kind == 1 and staff == 1999:
            quota = 2000                           # 99.95% → 100.0%
        elif edge and kind == 2 and staff % 2 == 1 and staff > 1:
            quota = staff - 1 if staff > 2000 else max(1, staff - 1)
        else:
            quota = max(1, staff + ri(-10, 30))
        f += [str(staff), str(quota), str(outside), ch(judgment3)]

        # 三公 / 日常公用经费控制率: exactly 90% / 100%, ties at 89.95 / 99.95 / 100.05 %
        for _ in range(2):
            kind = ri(0, 6)
            if edge and kind == 0:
                spent, budget = fraction_amounts(rnd, 9, 10)
            elif edge and kind == 1:
                budget = ri(100, 5_000_000)
                spent = budget
            elif edge and kind < 5:
                k = (899, 999, 1000)[kind - 2]
                spent, budget = fraction_amounts(rnd, 2 * k + 1, 2000)
            else:
                spent, budget = ratio_pair(rnd, 0.6, 1.1, 100, 5_000_000)
            f += [cents(spent), cents(budget)]

        # 季度累计支出进度 in 0.0001 percentage points; ties of 执行率 at 0.05 point
        if edge:
            q1 = 125 * (2 * ri(0, 1599) + 1)       # (2k+1)/8000: 4p is a tie
            q2 = 250 * (2 * ri(0, 1999) + 1)       # (2k+1)/4000: 2p is a tie
            q3 = 375 * (2 * ri(0, 1333) + 1)       # 3(2k+1)/8000: p/0.75 is a tie
            q4 = 500 * (2 * ri(500, 999) + 1)      # (2k+1)/2000: p itself is a tie
            q3 = min(q3, 1_000_000)
        else:
            q1 = ri(0, 4000) * 100
            q2 = ri(q1 // 100, 8000) * 100
            q3 = ri(q2 // 100, 9500) * 100
            q4 = ri(max(q3 // 100, 8000), 10000) * 100
        f += [percent4(q1), percent4(q2), percent4(q3), percent4(q4)]

        # 重点工作, 项目完成率 (ties after 保留 0.1%: 399/400 → 99.8%, 1999/2000 → 100.0%)
        f.append(str(ch((0, 0, 0, 0, 1, 2, 3))))
        if edge:
            planned = ch((16, 80, 400, 2000, 48))
            done = planned - ch((1, 3, 5, 7)) if planned > 48 else ri(0, planned)
            if planned != 48 and done % 2 == 0:
                done -= 1
            done = max(0, done)
        else:
            planned = ri(1, 120)
            done = planned if r() < 0.5 else ri(0, planned)
        f += [str(done), str(planned), ch(judgment20)]
        f += [yn(0.9), yn(0.9), yn(0.9)]

        # 满意度: exactly 95 / 90 / 80, just under, or spread
        if edge:
            f.append(ch(("95", "90", "80", "94.95", "89.99", "79.9", "95.05", "100")))
        else:
            f.append(percent4(ri(7000, 10000) * 100))
        write(",".join(f) + "\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="CSV file to write")
    parser.add_argument("rows", nargs="?", type=int, default=1_000_000, help="number of records (default 1000000)")
    parser.add_argument("--seed", type=int, default=20210, help="random seed (default 20210)")
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error("rows must be ≥ 0")
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        generate(out, args.rows, args.seed)


if __name__ == "__main__":
    main(sys.argv[1:])
