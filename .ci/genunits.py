#!/usr/bin/env python3
"""Write a synthetic unit library as CSV (the columns of `export units`) for
the benchmark in README (.ci/bench.sh): N units spread over the twelve demo
counties, two thirds of them direct-reporting (一套表联网直报), each with a
valid synthetic unified social credit code (91 + county + MA + seven
base-31 places + check character). Usage: genunits.py N OUT.csv"""
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]
COUNTIES = [("130802", "双桥区"), ("130803", "双滦区"), ("130804", "鹰手营子矿区"),
            ("130821", "承德县"), ("130822", "兴隆县"), ("130824", "滦平县"),
            ("130825", "隆化县"), ("130826", "丰宁满族自治县"), ("130827", "宽城满族自治县"),
            ("130828", "围场满族蒙古族自治县"), ("130871", "承德高新技术产业开发区"), ("130881", "平泉市")]
CATEGORIES = ["规上工业", "限上批零住餐", "规上服务业", "资质内建筑业", "房地产开发", "投资项目", "其他"]
WORDS = ["瑞永", "益瀚", "通志", "志旺", "恒信", "华泰", "鑫源", "宏达", "兴隆", "安泰", "金鼎", "远航"]
TRADES = ["化工", "路桥建设", "纺织", "信息技术", "商贸", "物流", "食品", "机械制造"]


def uscc(county, n):
    tail = []
    for _ in range(7):
        tail.append(ALPHABET[n % 31])
        n //= 31
    body = "91" + county + "MA" + "".join(reversed(tail))
    s = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - s % 31) % 31]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\ufeff统一社会信用代码,单位名称,县(市、区),单位类别,详细地址,联系方式,一套表联网直报,"
                "重点单位,严重失信起始日期,严重失信截止日期,状态,校验码例外,例外原因,例外确认人,例外确认日期\n")
        rows = []
        for i in range(n):
            code, name = COUNTIES[i % len(COUNTIES)]
            k = i // len(COUNTIES)
            direct = "否" if i % 3 == 2 else "是"
            rows.append(f"{uscc(code, k)},{name}{WORDS[k % 12]}{TRADES[(k // 12) % 8]}{k}有限公司,{name},"
                        f"{CATEGORIES[(i // 12) % 7]},承德市{name}示例路{k % 500}号,0314-{k % 10000000:07d},"
                        f"{direct},否,,,正常,否,,,\n")
            if len(rows) == 100000:
                f.write("".join(rows))
                rows = []
        f.write("".join(rows))


main()
