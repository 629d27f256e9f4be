#!/usr/bin/env python3
"""Generates examples/past/: synthetic, plausible department records for the
Longhua department-wide template (docs/longhua-2021-data-template.md), three
years of thirty departments, for trying a rule change against past data
(`rubric compare`). The numbers are made up (seeded, so the files are the same
on every run); only 深圳市龙华区工业和信息化局's 2021 row is the published record
of seed 004.

    python3 scripts/generate_past_data.py          # rewrites examples/past/*.csv
"""
import csv
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "examples", "past")
PUBLISHED = os.path.join(ROOT, "examples", "longhua-2021-published.csv")

DEPARTMENTS = [
    "深圳市龙华区工业和信息化局", "深圳市龙华区发展和改革局", "深圳市龙华区教育局", "深圳市龙华区科技创新局",
    "深圳市龙华区民政局", "深圳市龙华区司法局", "深圳市龙华区财政局", "深圳市龙华区人力资源局",
    "深圳市龙华区住房和建设局", "深圳市龙华区交通运输局", "深圳市龙华区水务局", "深圳市龙华区文化广电旅游体育局",
    "深圳市龙华区卫生健康局", "深圳市龙华区退役军人事务局", "深圳市龙华区应急管理局", "深圳市龙华区审计局",
    "深圳市龙华区国有资产监督管理局", "深圳市龙华区统计局", "深圳市龙华区城市管理和综合执法局", "深圳市龙华区医疗保障局",
    "深圳市龙华区政务服务数据管理局", "深圳市龙华区信访局", "深圳市龙华区机关事务管理局", "深圳市龙华区档案馆",
    "深圳市龙华区观湖街道办事处", "深圳市龙华区民治街道办事处", "深圳市龙华区龙华街道办事处", "深圳市龙华区大浪街道办事处",
    "深圳市龙华区福城街道办事处", "深圳市龙华区观澜街道办事处",
]
YEARS = [2019, 2020, 2021]


def yes(rng, p):
    return "是" if rng.random() < p else "否"


def money(x):
    return f"{x:.2f}"


def record(rng, name):
    budget = rng.uniform(2000, 120000)
    plan_purchase = rng.uniform(50, 3000)
    purchase = plan_purchase * (rng.uniform(0.55, 1.0) if rng.random() < 0.93 else rng.uniform(1.0, 1.08))
    assets = rng.uniform(100, 5000)
    in_use = assets * rng.choice([1.0, 1.0, rng.uniform(0.85, 1.0), rng.uniform(0.55, 0.95)])
    quota = rng.randint(15, 120)
    staff = quota - rng.randint(0, 8) if rng.random() < 0.9 else quota + rng.randint(1, 3)
    extra = rng.randint(0, staff) if rng.random() < 0.5 else rng.randint(0, max(1, staff // 12))
    planned = rng.randint(5, 60)
    on_time = planned - (0 if rng.random() < 0.5 else rng.randint(1, max(1, planned // 6)))
    q = sorted(rng.uniform(5, 30) for _ in range(1))
    q1 = rng.uniform(8, 30)
    q2 = q1 + rng.uniform(20, 45)
    q3 = min(q2 + rng.uniform(10, 30), 99.0)
    q4 = min(max(q3, rng.uniform(92, 100)), 100.0)
    three_budget = rng.uniform(3, 60)
    office_budget = rng.uniform(100, 2000)
    disclosure = ["完整公开"] * 8 + ["部分公开"] + ["涉密"]
    return {
        "单位": name,
        **{f"预算编制合理性_条件{i}": yes(rng, 0.93) for i in range(1, 6)},
        "预算编制规范性_不符合项数": str(rng.choice([0, 0, 0, 0, 1, 2])),
        "绩效目标_不符合要求项数": str(rng.choice([0, 0, 0, 1, 1, 3])),
        **{f"绩效指标明确性_条件{i}": yes(rng, 0.92) for i in range(1, 6)},
        "政府采购实际金额": money(purchase),
        "政府采购计划金额": money(plan_purchase),
        "政府采购政策功能得分": rng.choice(["1", "1", "1", "0.5"]),
        "存在违规支出": yes(rng, 0.04),
        "预算调整调剂金额": money(budget * rng.choice([rng.uniform(0, 0.1), rng.uniform(0, 0.3), rng.uniform(0.1, 0.9)])),
        "年初预算数": money(budget),
        "资金支出规范性得分": rng.choice(["1", "1", "1", "0.5"]),
        "会计核算规范性得分": rng.choice(["1", "1", "1", "0.5"]),
        "预算公开": rng.choice(disclosure),
        "决算公开": rng.choice(disclosure),
        "项目设立调整履行报批": yes(rng, 0.95),
        "招投标验收执行制度": yes(rng, 0.95),
        "建立资金管理和监控机制": yes(rng, 0.95),
        "主管部门开展检查监控": yes(rng, 0.9),
        "专项资金评价结果为差": yes(rng, 0.05),
        "资产配置合理账实相符": yes(rng, 0.95),
        "资产处置规范收入上缴": yes(rng, 0.95),
        "在用固定资产总额": money(in_use),
        "固定资产总额": money(assets),
        "在编人数": str(staff),
        "核定编制数": str(quota),
        "编外人员数": str(extra),
        "管理制度健全性得分": rng.choice(["3", "3", "2.5", "2"]),
        "三公经费实际支出": money(three_budget * rng.uniform(0.4, 1.05)),
        "三公经费调整预算": money(three_budget),
        "日常公用经费决算数": money(office_budget * rng.uniform(0.8, 1.03)),
        "日常公用经费调整预算": money(office_budget),
        "第一季度累计支出进度": f"{q1:.1f}",
        "第二季度累计支出进度": f"{q2:.1f}",
        "第三季度累计支出进度": f"{q3:.1f}",
        "第四季度累计支出进度": f"{q4:.1f}",
        "未完成重点工作数": str(rng.choice([0, 0, 0, 0, 1, 2])),
        "按期完成项目数": str(on_time),
        "计划项目数": str(planned),
        "效果性得分": rng.choice(["20", "19", "18", "18.5", "17", "16"]),
        "建立信访渠道": yes(rng, 0.97),
        "信访回复率达100": yes(rng, 0.9),
        "信访及时回复率达100": yes(rng, 0.85),
        "满意度": f"{rng.choice([rng.uniform(85, 100), rng.uniform(93, 97)]):.1f}",
    }


def main():
    with open(PUBLISHED, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    published = rows[0]
    columns = list(published.keys())
    rng = random.Random(20261123)
    os.makedirs(OUT, exist_ok=True)
    for year in YEARS:
        records = []
        for name in DEPARTMENTS:
            if year == 2021 and name == published["单位"]:
                records.append(published)
            else:
                records.append(record(rng, name))
        path = os.path.join(OUT, f"longhua-{year}.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            w.writeheader()
            w.writerows(records)
        print(f"{path}: {len(records)} records")


if __name__ == "__main__":
    main()
