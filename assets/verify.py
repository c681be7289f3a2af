#!/usr/bin/env python3
"""verify.py — 双随 (shuangsui) 抽取的独立复核程序 / independent verifier.

中文说明
========
本程序只依据 sampling/SPEC.md(抽取规范第 2 版)编写,只用 Python 3 标准库,
不联网,与 Go 程序互不依赖。任何人都可以用它从打印的见证记录或导出的记录文件
逐字节地重新推导一次抽取。

用法:
  python3 verify.py ticket 种子 编号
      打印编号在该种子下的完整抽签号(SPEC §1)。
  python3 verify.py sample --seed 种子 --take K [--alternates R] [--systematic] < 编号.txt
      从标准输入逐行读入编号,按 SPEC §4 的格式输出抽取结果
      (与 `shuangsui sample` 输出逐字节相同);输入有误时在标准错误输出说明,
      退出码 2。
  python3 verify.py record 记录.json
      复核 `shuangsui record` 导出的记录(SPEC §8–§11,格式 2 与 1):哈希链、框架指纹 F、
      种子 S、三个阶段的每一步、事前可行性、封存后的每次替补与每条登记、摘要字段、校验码和当前校验码。
      输出“通过”或“不通过”及第一处不一致;退出码 0(通过)或 1(不通过)。
  python3 verify.py selftest
      用 SPEC §1、§2 的测试向量(及 §5 的规范化示例)自检。

English
=======
This program is written from sampling/SPEC.md (draw specification, version 2)
alone, in Python 3 with the standard library only and no network access. It
lets anyone re-derive a shuangsui draw, byte for byte, from a printed witness
sheet or an exported record.

Usage:
  python3 verify.py ticket SEED ID
      print the full ticket of ID under SEED (SPEC §1).
  python3 verify.py sample --seed S --take K [--alternates R] [--systematic] < ids.txt
      read ids from stdin, one per line, and print the draw in the format of
      SPEC §4 (the same bytes as `shuangsui sample`); bad input is explained
      on stderr with exit status 2.
  python3 verify.py record RECORD.json
      verify an exported record (SPEC §8-11, formats 2 and 1): the hash chain, the frame
      (in the commit step: gzip of its canonical text, or JSON in older commits) and its
      fingerprint F, the seed S, every stage of the draw, feasibility, every
      substitution and entry after the seal, the summary fields, the verification code and the current head. Prints 通过 (pass) or 不通过
      (fail) with the first difference; exit status 0 or 1.
  python3 verify.py selftest
      check the vectors of SPEC §1-2 (and the canonical example of §5).
"""

import base64
import hashlib
import json
import re
import sys
import zlib


# ---------------------------------------------------------------------------
# Errors

class DrawError(Exception):
    """A draw cannot be made from its inputs (duplicate id, take too large …)."""


class Mismatch(Exception):
    """The first difference found while verifying a record."""

    def __init__(self, where, what):
        super().__init__(f"{where}: {what}")
        self.where = where
        self.what = what


def b(s):
    """The UTF-8 bytes of an id (surrogateescape keeps non-UTF-8 stdin bytes)."""
    return s.encode("utf-8", "surrogateescape")


# ---------------------------------------------------------------------------
# §1 Tickets

def seed_hash(seed):
    """P = hex(SHA-256(seed))."""
    return hashlib.sha256(b(seed)).hexdigest()


def ticket_with_prefix(prefix, ident):
    x = int.from_bytes(hashlib.sha256(prefix.encode("ascii") + b(ident)).digest(), "big")
    digits = str(x).rjust(64, "0")
    return "0." + digits[::-1]


def ticket(seed, ident):
    """The full ticket of ident under seed, as a string "0.ddd…"."""
    return ticket_with_prefix(seed_hash(seed), ident)


# ---------------------------------------------------------------------------
# §2 Simple sample; §3 systematic sample.
# A pick is a dict with the keys of SPEC §8: rank, id, ticket, position,
# alternate (empty/zero/false ones left out).

def make_pick(rank, ident, tkt="", position=0, alternate=False):
    p = {"rank": rank, "id": ident}
    if tkt:
        p["ticket"] = tkt
    if position:
        p["position"] = position
    if alternate:
        p["alternate"] = True
    return p


def check_unique(ids):
    seen = set()
    for i in ids:
        if i in seen:
            raise DrawError(f"重复编号 duplicate id: {i!r}")
        seen.add(i)


def ordered(ids, seed):
    """(ticket, id) for every id, smallest ticket first; ties by id bytes."""
    prefix = seed_hash(seed)
    return sorted(((ticket_with_prefix(prefix, i), i) for i in ids),
                  key=lambda t: (t[0], b(t[1])))


def sample(ids, seed, take, alternates, first_rank=1):
    """Sample(ids, seed, take, alternates) of SPEC §2 as a list of picks."""
    check_unique(ids)
    if take < 0 or alternates < 0:
        raise DrawError("抽取数和备选数不能为负 take and alternates must not be negative")
    if take > len(ids):
        raise DrawError(f"要抽 {take} 个,只有 {len(ids)} 个 take {take} > {len(ids)} ids")
    out = []
    for n, (t, i) in enumerate(ordered(ids, seed)[:take + alternates]):
        out.append(make_pick(first_rank + n, i, t, alternate=n >= take))
    return out


def systematic_start(seed):
    """u: the first 18 digits after "0." of ticket(seed, "start"), as a string."""
    return ticket(seed, "start")[2:20]


def systematic(ids, seed, n, alternates):
    """Systematic(ids, seed, n) of SPEC §3 with its alternates.

    Returns (u as 18 digits, picks). Drawn picks carry their 1-based position
    in byte order and no ticket; the alternates continue the ranks and carry
    their tickets."""
    check_unique(ids)
    N = len(ids)
    if not 1 <= n <= N:
        raise DrawError(f"等距抽样要求 1 ≤ n ≤ N systematic needs 1 ≤ n ≤ N (n={n}, N={N})")
    if alternates < 0:
        raise DrawError("备选数不能为负 alternates must not be negative")
    s = sorted(ids, key=b)
    u_str = systematic_start(seed)
    u = int(u_str)
    E = 10 ** 18
    picks = []
    drawn = set()
    for j in range(n):
        p = (u + j * E) * N // (n * E)
        picks.append(make_pick(j + 1, s[p], position=p + 1))
        drawn.add(s[p])
    rest = [i for i in ids if i not in drawn]
    picks += sample(rest, seed, 0, alternates, first_rank=n + 1)
    return u_str, picks


# ---------------------------------------------------------------------------
# §4 The sample command

def parse_sample_args(args):
    """Flags as Go's flag package takes them: -x or --x, with ' ' or '='."""
    opts = {"seed": None, "take": None, "alternates": "0", "systematic": False}
    i = 0
    while i < len(args):
        a = args[i]
        if not a.startswith("-") or a in ("-", "--"):
            raise DrawError(f"多余的参数 unexpected argument: {a}")
        name = a.lstrip("-")
        value = None
        if "=" in name:
            name, value = name.split("=", 1)
        if name == "systematic":
            if value is None or value in ("1", "t", "T", "true", "TRUE", "True"):
                opts["systematic"] = True
            elif value in ("0", "f", "F", "false", "FALSE", "False"):
                opts["systematic"] = False
            else:
                raise DrawError(f"--systematic 的值无效 bad value: {value}")
        elif name in ("seed", "take", "alternates"):
            if value is None:
                i += 1
                if i >= len(args):
                    raise DrawError(f"--{name} 缺少值 needs a value")
                value = args[i]
            opts[name] = value
        else:
            raise DrawError(f"未知参数 unknown flag: {a}")
        i += 1
    if not opts["seed"]:  # as the Go command: an empty seed is refused (SPEC §4 is silent)
        raise DrawError("缺少 --seed (missing --seed)")
    if opts["take"] is None:
        raise DrawError("缺少 --take (missing --take)")
    for k in ("take", "alternates"):
        try:
            opts[k] = int(opts[k], 10)
        except ValueError:
            raise DrawError(f"--{k} 须为整数 must be an integer: {opts[k]}")
        if opts[k] < 0:
            raise DrawError(f"--{k} 不能为负 must not be negative")
    return opts


def read_ids(data):
    """One id per line; a trailing CR is removed; the final newline is optional."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    ids = []
    for n, line in enumerate(lines, 1):
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line:
            raise DrawError(f"第 {n} 行为空 line {n} is empty")
        ids.append(line.decode("utf-8", "surrogateescape"))
    return ids


def cmd_sample(args):
    try:
        o = parse_sample_args(args)
        ids = read_ids(sys.stdin.buffer.read())
        out = []
        if o["systematic"]:
            u, picks = systematic(ids, o["seed"], o["take"], o["alternates"])
            out.append(f"start\t{u}\n")
        else:
            picks = sample(ids, o["seed"], o["take"], o["alternates"])
        for p in picks:
            last = f"pos={p['position']}" if "position" in p else p["ticket"][:22]
            out.append(f"{p['rank']}\t{p['id']}\t{last}\n")
    except DrawError as e:
        print(f"错误 error: {e}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write("".join(out).encode("utf-8", "surrogateescape"))
    return 0


# ---------------------------------------------------------------------------
# §5 The frame and its fingerprint F

def need_str(v, where):
    if v is None:
        return ""
    if not isinstance(v, str):
        raise Mismatch(where, f"应为字符串 should be a string: {v!r}")
    return v


def need_int(v, where):
    if v is None:
        return 0
    if isinstance(v, bool) or not isinstance(v, int):
        raise Mismatch(where, f"应为整数 should be an integer: {v!r}")
    return v


def need_bool(v, where):
    if v is None:
        return False
    if not isinstance(v, bool):
        raise Mismatch(where, f"应为真假值 should be a boolean: {v!r}")
    return v


def need_list(v, where):
    if v is None:
        return []
    if not isinstance(v, list):
        raise Mismatch(where, f"应为列表 should be a list: {v!r}")
    return v


def need_obj(v, where):
    if v is None:
        return {}
    if not isinstance(v, dict):
        raise Mismatch(where, f"应为对象 should be an object: {v!r}")
    return v


class Frame:
    """The frame of SPEC §5, read from its JSON form (omitted = empty)."""

    def __init__(self, j, where="frame"):
        j = need_obj(j, where)
        m = need_obj(j.get("matter"), where + ".matter")
        self.code = need_str(m.get("code"), where + ".matter.code")
        self.version = need_int(m.get("version"), where + ".matter.version")
        self.matter_name = need_str(m.get("name"), where + ".matter.name")
        self.specialty = need_str(m.get("specialty"), where + ".matter.specialty")
        self.draw_date = need_str(j.get("draw_date"), where + ".draw_date")
        p = need_obj(j.get("params"), where + ".params")
        w = where + ".params"
        self.k = need_int(p.get("counties"), w + ".counties")
        self.m = need_int(p.get("units_per_county"), w + ".units_per_county")
        self.overrides = []
        for n, o in enumerate(need_list(p.get("units_override"), w + ".units_override")):
            o = need_obj(o, f"{w}.units_override[{n}]")
            self.overrides.append((need_str(o.get("county"), f"{w}.units_override[{n}].county"),
                                   need_int(o.get("units"), f"{w}.units_override[{n}].units")))
        self.method = need_str(p.get("method"), w + ".method")
        self.members = need_int(p.get("members"), w + ".members")
        self.leaders = [need_str(x, f"{w}.leaders[{n}]")
                        for n, x in enumerate(need_list(p.get("leaders"), w + ".leaders"))]
        self.r = need_int(p.get("alternates"), w + ".alternates")
        self.counties = []
        for n, c in enumerate(need_list(j.get("counties"), where + ".counties")):
            c = need_obj(c, f"{where}.counties[{n}]")
            self.counties.append({k: need_str(c.get(k), f"{where}.counties[{n}].{k}")
                                  for k in ("id", "name")})
        self.units = []
        for n, u in enumerate(need_list(j.get("units"), where + ".units")):
            u = need_obj(u, f"{where}.units[{n}]")
            self.units.append({k: need_str(u.get(k), f"{where}.units[{n}].{k}")
                               for k in ("id", "county", "name", "category")})
        self.inspectors = []
        for n, i in enumerate(need_list(j.get("inspectors"), where + ".inspectors")):
            wi = f"{where}.inspectors[{n}]"
            i = need_obj(i, wi)
            rec = {k: need_str(i.get(k), f"{wi}.{k}")
                   for k in ("id", "name", "home_county", "valid_until")}
            for k in ("leader_qualified", "active"):
                rec[k] = need_bool(i.get(k), f"{wi}.{k}")
            for k in ("specialties", "conflict_counties", "conflict_units"):
                rec[k] = [need_str(x, f"{wi}.{k}[{q}]")
                          for q, x in enumerate(need_list(i.get(k), f"{wi}.{k}"))]
            self.inspectors.append(rec)
        self.by_id = {i["id"]: i for i in self.inspectors}
        # SPEC §5: omitted (or false) is the city rule, never the home county.
        self.home_allowed = need_bool(j.get("home_county_allowed"), where + ".home_county_allowed")
        # SPEC §12: a directed draw (omitted or null: none) and a partner department.
        self.directed = None
        if j.get("directed") is not None:
            d = need_obj(j.get("directed"), where + ".directed")
            self.directed = {k: need_str(d.get(k), f"{where}.directed.{k}") for k in ("kind", "reason", "source")}
        self.partner = need_str(j.get("partner"), where + ".partner")

    @classmethod
    def from_canonical(cls, text, where="frame"):
        """The frame of a canonical serialisation (SPEC §5, bytes), which
        must be exactly what canonical() writes for it."""
        f = cls({}, where)
        try:
            s = text.decode("utf-8", "surrogateescape")
        except UnicodeDecodeError as e:  # surrogateescape never fails; kept for clarity
            raise Mismatch(where, f"名录不是 UTF-8 not UTF-8: {e}")
        if not s.endswith("\n"):
            raise Mismatch(where, "名录文本须以换行结束 the frame text must end in a line feed")
        counts = {"shuangsui-frame": 2, "matter": 5, "date": 2, "rule": 2, "params": 6, "override": 3,
                  "leader": 2, "county": 3, "unit": 5, "inspector": 10, "directed": 4, "partner": 2}
        seen = set()

        def num(x, no):
            if not re.fullmatch(r"-?[0-9]+", x):  # the round trip below refuses "01", "-0"
                raise Mismatch(where, f"名录第 {no} 行 line {no}: {x!r} 不是整数 not an integer")
            return int(x)

        def flag(x, no):
            if x not in ("0", "1"):
                raise Mismatch(where, f"名录第 {no} 行 line {no}: {x!r} 应为 1 或 0 should be 1 or 0")
            return x == "1"

        lines = s.split("\n")
        lines.pop()  # after the final line feed
        units = f.units
        for no, line in enumerate(lines, 1):
            x = line.split("\t")
            kind = x[0]
            if counts.get(kind) != len(x):
                raise Mismatch(where, f"名录第 {no} 行 line {no}: 记录类型 {kind!r} 未知或字段数 {len(x)} 不对 "
                               "unknown record or wrong number of fields")
            if (no == 1) != (kind == "shuangsui-frame") or (no == 1 and x[1] not in ("1", "2", "3")):
                raise Mismatch(where, f"名录第 {no} 行 line {no}: 名录文本应以 shuangsui-frame 1、2 或 3 开头,且仅此一行 "
                               "the frame text starts with shuangsui-frame 1, 2 or 3, once")
            if kind == "rule":
                if x[1] != "home_county_allowed" or f.home_allowed:
                    raise Mismatch(where, f"名录第 {no} 行 line {no}: 规则行只能是一行 home_county_allowed "
                                   "a rule line is home_county_allowed, once")
                f.home_allowed = True
            if kind in ("directed", "partner"):
                if kind in seen:
                    raise Mismatch(where, f"名录第 {no} 行 line {no}: {kind} 出现两次 appears twice")
                seen.add(kind)
                if kind == "directed":
                    f.directed = {"kind": x[1], "reason": x[2], "source": x[3]}
                else:
                    f.partner = x[1]
            if kind in ("matter", "date", "params"):
                if kind in seen:
                    raise Mismatch(where, f"名录第 {no} 行 line {no}: {kind} 出现两次 appears twice")
                seen.add(kind)
            if kind == "unit":
                units.append({"id": x[1], "county": x[2], "category": x[3], "name": x[4]})
            elif kind == "matter":
                f.code, f.version, f.matter_name, f.specialty = x[1], num(x[2], no), x[3], x[4]
            elif kind == "date":
                f.draw_date = x[1]
            elif kind == "params":
                f.k, f.m, f.method = num(x[1], no), num(x[2], no), x[3]
                f.members, f.r = num(x[4], no), num(x[5], no)
            elif kind == "override":
                f.overrides.append((x[1], num(x[2], no)))
            elif kind == "leader":
                f.leaders.append(x[1])
            elif kind == "county":
                f.counties.append({"id": x[1], "name": x[2]})
            elif kind == "inspector":
                f.inspectors.append({"id": x[1], "name": x[2], "home_county": x[3],
                                     "active": flag(x[4], no), "leader_qualified": flag(x[5], no),
                                     "valid_until": x[6],
                                     "specialties": x[7].split(",") if x[7] else [],
                                     "conflict_counties": x[8].split(",") if x[8] else [],
                                     "conflict_units": x[9].split(",") if x[9] else []})
        del lines, s
        if not {"matter", "date", "params"} <= seen:
            raise Mismatch(where, "名录文本缺少 matter、date 或 params 行 the frame text lacks its matter, date or params line")
        f.by_id = {i["id"]: i for i in f.inspectors}
        again = canonical(f)
        if again != text:
            a, c = again.split(b"\n"), text.split(b"\n")
            no = next((i for i in range(min(len(a), len(c))) if a[i] != c[i]), min(len(a), len(c)))
            got = c[no].decode("utf-8", "replace") if no < len(c) else ""
            raise Mismatch(where, f"名录不是规范格式 the frame text is not canonical: 第 {no + 1} 行 line {no + 1} "
                           f"为 is {got[:80]!r}")
        return f

    def units_in(self, county):
        """units(c): the ids of the units in county c, in byte order."""
        by = self.__dict__.get("_by_county")
        if by is None:  # once: a frame has many units and every stage asks
            by = {}
            for u in self.units:
                by.setdefault(u["county"], []).append(u["id"])
            for ids in by.values():
                ids.sort(key=b)
            self._by_county = by
        return list(by.get(county, []))

    def m_for(self, county):
        for c, n in self.overrides:
            if c == county:
                return n
        return self.m

    def eligible_counties(self):
        return [c["id"] for c in self.counties if self.units_in(c["id"])]

    def serves(self, insp, county, unit_ids, specialty):
        """SPEC §6: does insp serve county given the unit ids (a set)?"""
        if not insp["active"]:
            return False
        if insp["valid_until"] < self.draw_date:
            return False
        if insp["home_county"] == county and not self.home_allowed:
            return False
        if county in insp["conflict_counties"]:
            return False
        if any(u in unit_ids for u in insp["conflict_units"]):
            return False
        if specialty and self.specialty not in insp["specialties"]:
            return False
        return True


def canonical(f):
    """The canonical serialisation of SPEC §5 (bytes); Mismatch if ambiguous."""
    def field(v, what):
        v = str(v)
        if any(ch in v for ch in "\t\r\n"):
            raise Mismatch("frame", f"{what} 含有制表符或换行 contains TAB, CR or LF: {v!r}")
        return v

    def lst(vs, what):
        for v in vs:
            if "," in v:
                raise Mismatch("frame", f"{what} 的元素含逗号 element contains a comma: {v!r}")
        return ",".join(field(v, what) for v in sorted(vs, key=b))

    def flag(x):
        return "1" if x else "0"

    v3 = f.directed is not None or f.partner != ""
    lines = [["shuangsui-frame", "3" if v3 else "2" if f.home_allowed else "1"],
             ["matter", f.code, f.version, f.matter_name, f.specialty],
             ["date", f.draw_date]]
    if f.home_allowed:
        lines.append(["rule", "home_county_allowed"])
    if f.directed is not None:
        d = f.directed
        lines.append(["directed", d["kind"], d["reason"], d["source"]])
    if f.partner != "":
        lines.append(["partner", f.partner])
    lines.append(["params", f.k, f.m, f.method, f.members, f.r])
    for c, n in sorted(f.overrides, key=lambda o: b(o[0])):
        lines.append(["override", c, n])
    for l in f.leaders:
        lines.append(["leader", l])
    for c in sorted(f.counties, key=lambda c: b(c["id"])):
        lines.append(["county", c["id"], c["name"]])
    for u in sorted(f.units, key=lambda u: b(u["id"])):
        lines.append(["unit", u["id"], u["county"], u["category"], u["name"]])
    for i in sorted(f.inspectors, key=lambda i: b(i["id"])):
        lines.append(["inspector", i["id"], i["name"], i["home_county"],
                      flag(i["active"]), flag(i["leader_qualified"]), i["valid_until"],
                      lst(i["specialties"], f"inspector {i['id']} specialties"),
                      lst(i["conflict_counties"], f"inspector {i['id']} conflict_counties"),
                      lst(i["conflict_units"], f"inspector {i['id']} conflict_units")])
    text = "".join("\t".join(field(x, ln[0]) for x in ln) + "\n" for ln in lines)
    return text.encode("utf-8", "surrogateescape")


# The longest frame text a verifier decompresses (SPEC §5): 1 GiB.
MAX_FRAME_TEXT = 1 << 30


def decompress_frame(frame_gzip, where="frame_gzip"):
    """The canonical frame bytes of a commit's frame_gzip (SPEC §8):
    canonical standard base64 of exactly one gzip member, nothing after it."""
    try:
        raw = base64.b64decode(frame_gzip, validate=True)
    except ValueError:
        raise Mismatch(where, "不是 base64 not base64")
    if base64.b64encode(raw).decode() != frame_gzip:
        raise Mismatch(where, "不是规范的标准 base64 not canonical standard base64")
    # The last four bytes (the gzip trailer's ISIZE) state the length of
    # the text: more than MAX_FRAME_TEXT is refused, and decompression
    # stops as soon as the text runs longer than stated (a gzip bomb).
    stated = int.from_bytes(raw[-4:], "little") if len(raw) >= 4 else 0
    if stated > MAX_FRAME_TEXT:
        raise Mismatch(where, f"声明的名录文本长 {stated} 字节,超过上限 {MAX_FRAME_TEXT} 字节 "
                              f"the frame text it states, {stated} bytes, is over the limit of {MAX_FRAME_TEXT} bytes")
    d = zlib.decompressobj(31)  # wbits 31: one gzip member
    try:
        text = d.decompress(raw, stated + 1)
        if len(text) <= stated and not d.unconsumed_tail:
            text += d.flush()
    except zlib.error as e:
        raise Mismatch(where, f"不是 gzip 数据 not gzip data: {e}")
    if len(text) > stated:
        raise Mismatch(where, f"解压后超过其声明的 {stated} 字节 the frame text runs longer than the {stated} bytes it states")
    if not d.eof:
        raise Mismatch(where, "gzip 数据不完整 the gzip data is cut short")
    if d.unused_data:
        raise Mismatch(where, f"gzip 数据之后还有 {len(d.unused_data)} 字节 bytes after the gzip member")
    return text


def gzip_member(data):
    """One gzip member of data (for the self-test; verifying never compresses)."""
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def fingerprint(f):
    return hashlib.sha256(canonical(f)).hexdigest()


# ---------------------------------------------------------------------------
# §6 The three-stage draw; §7 feasibility

def stage_seed(S, F, label):
    return S + "|" + F + "|" + label


def check_frame_ids(f):
    for what, items in (("counties", f.counties), ("units", f.units), ("inspectors", f.inspectors)):
        seen = set()
        for x in items:
            if x["id"] in seen:
                raise Mismatch("frame", f"{what} 中编号重复 duplicate id in {what}: {x['id']!r}")
            seen.add(x["id"])
    seen = set()
    for c, _ in f.overrides:
        if c in seen:
            raise Mismatch("frame", f"units_override 重复县 duplicate county: {c!r}")
        seen.add(c)
    if f.method not in ("simple", "systematic"):
        raise Mismatch("frame", f"未知抽样方法 unknown method: {f.method!r}")
    check_directed(f)


def check_directed(f):
    """SPEC §12: a directed frame names its kind and reason (a list its
    source) and its parameters take every unit of the frame."""
    if f.partner != f.partner.strip("".join(WHITE_SPACE)):
        raise Mismatch("frame", f"联合检查部门首尾有空白 partner has white space around it: {f.partner!r}")
    d = f.directed
    if d is None:
        return
    if d["kind"] not in ("key", "dishonest", "list"):
        raise Mismatch("frame", f"定向检查类型无效 unknown directed kind: {d['kind']!r}")
    if d["reason"].strip("".join(WHITE_SPACE)) == "":
        raise Mismatch("frame", "定向检查须写明理由 a directed draw states its reason")
    if d["kind"] == "list" and d["source"].strip("".join(WHITE_SPACE)) == "":
        raise Mismatch("frame", "定向检查的名单须写明来源 a directed list states its source")
    if f.method != "simple" or f.overrides:
        raise Mismatch("frame", "定向检查不抽单位:须为 simple 且无按县单位数 a directed draw takes every unit: "
                       "method simple, no units_override")
    counts = {}
    for u in f.units:
        counts[u["county"]] = counts.get(u["county"], 0) + 1
    if not counts:
        raise Mismatch("frame", "定向检查的名录中没有单位 a directed frame has no units")
    k, m = len(counts), max(counts.values())
    if f.k != k or f.m != m:
        raise Mismatch("frame", f"定向检查须检查每一个单位 a directed draw takes every unit: counties 应为 should be {k} "
                       f"(为 is {f.k}), units_per_county 应为 should be {m} (为 is {f.m})")


def feasibility(f):
    """SPEC §7: the list of shortages (pool, county, have, need); empty if feasible."""
    short = []
    elig = f.eligible_counties()
    if len(elig) < f.k:
        short.append(("counties", "", len(elig), f.k))
    kp = min(f.k, len(elig))
    designated = bool(f.leaders)
    for c in elig:
        U = set(f.units_in(c))
        if designated:
            L = [x for x in f.leaders if x in f.by_id and f.serves(f.by_id[x], c, U, False)]
            cands = set(f.leaders)
        else:
            L = [i["id"] for i in f.inspectors
                 if i["leader_qualified"] and f.serves(i, c, U, True)]
            cands = {i["id"] for i in f.inspectors if i["leader_qualified"]}
        if len(L) < kp:
            short.append(("designated_leaders" if designated else "leaders", c, len(L), kp))
        M = {i["id"] for i in f.inspectors if f.serves(i, c, U, True)}
        need = kp * f.members + min(kp, len(M & cands))
        if len(M) < need:
            short.append(("members", c, len(M), need))
    return short


def draw_counties(f, S, F):
    try:
        return sample(f.eligible_counties(), stage_seed(S, F, "counties"), f.k, f.r)
    except DrawError as e:
        raise Mismatch("counties", str(e))


def draw_units(f, S, F, county):
    ids = f.units_in(county)
    take = min(f.m_for(county), len(ids))
    seed = stage_seed(S, F, "units/" + county)
    try:
        if f.method == "systematic":
            u, picks = systematic(ids, seed, take, f.r)
            return {"county": county, "method": f.method, "take": take, "start": u, "picks": picks}
        picks = sample(ids, seed, take, f.r)
    except DrawError as e:
        raise Mismatch("units/" + county, str(e))
    return {"county": county, "method": f.method, "take": take, "picks": picks}


def draw_teams(f, S, F, unit_draws):
    """Stage 3: all leaders first, then the members of each team."""
    used = set()
    teams = []
    for ud in unit_draws:
        c = ud["county"]
        D = {p["id"] for p in ud["picks"] if not p.get("alternate")}
        if f.leaders:
            leader = None
            for x in f.leaders:
                if x not in used and x in f.by_id and f.serves(f.by_id[x], c, D, False):
                    leader = make_pick(1, x)
                    break
            if leader is None:
                raise Mismatch("leaders/" + c, "没有可用的指定组长 no designated leader can serve")
        else:
            P = [i["id"] for i in f.inspectors
                 if i["leader_qualified"] and i["id"] not in used and f.serves(i, c, D, True)]
            try:
                leader = sample(P, stage_seed(S, F, "leaders/" + c), 1, 0)[0]
            except DrawError as e:
                raise Mismatch("leaders/" + c, str(e))
        used.add(leader["id"])
        teams.append({"county": c, "leader": leader, "designated": bool(f.leaders),
                      "members": [], "alternates": []})
    for ud, team in zip(unit_draws, teams):
        c = ud["county"]
        D = {p["id"] for p in ud["picks"] if not p.get("alternate")}
        P = [i["id"] for i in f.inspectors if i["id"] not in used and f.serves(i, c, D, True)]
        try:
            picks = sample(P, stage_seed(S, F, "inspectors/" + c), f.members, f.r)
        except DrawError as e:
            raise Mismatch("inspectors/" + c, str(e))
        team["members"] = [p for p in picks if not p.get("alternate")]
        team["alternates"] = [p for p in picks if p.get("alternate")]
        used.update(p["id"] for p in team["members"])
    return teams


# ---------------------------------------------------------------------------
# The members of a record (SPEC §5, §8, §9) and their JSON types: "str",
# "int", "bool", another entry of SCHEMA, or [type] for a list. null stands
# for any of them (an empty value); a member not listed is an error, as a
# value of another type is.

PICK = {"rank": "int", "id": "str", "ticket": "str", "position": "int", "alternate": "bool"}
SCHEMA = {
    "record": {"format": "str", "program": "str", "ceremony": "str", "info": "info", "frame": "frame",
               "fingerprint": "str", "committed_at": "str", "witnesses": ["witness"],
               "seed": "str", "result": "result", "sealed_at": "str",
               "verification_code": "str", "substitutions": ["substitution"],
               "amended_head": "str", "head": "str", "steps": ["step"]},
    "step": {"seq": "int", "kind": "str", "at": "str", "payload": "str", "prev": "str",
             "hash": "str"},
    "info": {"title": "str", "organisation": "str", "round": "str", "place": "str",
             "operator": "str", "supervisor": "str", "matter_basis": "str",
             "matter_content": "str", "scope": "str", "no_repeat_months": "int",
             "min_digits": "int", "exclusions": ["exclusion"]},
    "exclusion": {"county": "str", "reason": "str", "count": "int"},
    "frame": {"matter": "matter", "draw_date": "str", "params": "params",
              "counties": ["county"], "units": ["unit"], "inspectors": ["inspector"],
              "home_county_allowed": "bool", "directed": "directed", "partner": "str"},
    "directed": {"kind": "str", "reason": "str", "source": "str"},
    "matter": {"code": "str", "version": "int", "name": "str", "specialty": "str"},
    "params": {"counties": "int", "units_per_county": "int", "units_override": ["override"],
               "method": "str", "members": "int", "leaders": ["str"], "alternates": "int"},
    "override": {"county": "str", "units": "int"},
    "county": {"id": "str", "name": "str"},
    "unit": {"id": "str", "county": "str", "name": "str", "category": "str"},
    "inspector": {"id": "str", "name": "str", "home_county": "str", "specialties": ["str"],
                  "leader_qualified": "bool", "active": "bool", "valid_until": "str",
                  "conflict_counties": ["str"], "conflict_units": ["str"]},
    "witness": {"name": "str", "role": "str", "digits": "str"},
    "witness_remove": {"index": "int", "name": "str", "reason": "str"},
    "result": {"counties": ["pick"], "units": ["unit_draw"], "teams": ["team"]},
    "pick": PICK,
    "unit_draw": {"county": "str", "method": "str", "take": "int", "start": "str",
                  "picks": ["pick"]},
    "team": {"county": "str", "leader": "pick", "designated": "bool", "members": ["pick"],
             "alternates": ["pick"]},
    "substitution": {"kind": "str", "county": "str", "out": "str", "in": "str",
                     "ticket": "str", "reason": "str", "operator": "str"},
    # step payloads
    "commit": {"info": "info", "frame": "frame", "fingerprint": "str", "frame_gzip": "str"},
    "seed_payload": {"seed": "str"},
    "seal": {"sealed": "bool"},
    # §10 entries after the seal
    "entry": {"subject": "str", "unit": "str", "corrects": "int", "reason": "str",
              "operator": "str", "data": "any_object"},
    "result_data": {"county": "str", "matter": "str", "start": "str", "end": "str",
                    "team": ["str"], "codes": ["str"], "notes": "str"},
    "publication_data": {"date": "str"},
    "penalty_data": {k: "str" for k in ("name", "uscc", "legal_rep", "principal", "decision_no", "violation_type", "facts",
                                        "basis", "category", "content", "fine_wan", "decision_date",
                                        "public_until", "authority", "authority_uscc", "source")},
    "transfer_data": {"kind": "str", "to": "str", "reason": "str", "status": "str", "date": "str"},
    "transfer_status_data": {"status": "str", "date": "str", "note": "str"},
    "dishonest_data": {"from": "str", "to": "str"},
    "penalty_publication_data": {"date": "str"},
}
ENTRY_KINDS = ["result", "publication", "penalty", "transfer", "transfer_status", "dishonest",
               "penalty_publication"]
TRANSFER_STATUSES = ["待移送", "已移送", "已受理", "已办结"]
# Unicode White_Space (SPEC §10): what may not lead or trail an entry's text.
WHITE_SPACE = set("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | \
    {chr(c) for c in range(0x2000, 0x200B)}
TYPE_NAMES = {"str": ("字符串", "a string"), "int": ("整数", "an integer"), "bool": ("真假值", "a boolean")}


def check_schema(v, typ, where):
    """Raises Mismatch at the first member of v that is not in SCHEMA or
    whose value is not of its type (null is allowed everywhere)."""
    if v is None:
        return
    if isinstance(typ, list):
        if not isinstance(v, list):
            raise Mismatch(where, f"应为列表 should be a list: {short(v)}")
        for n, x in enumerate(v):
            check_schema(x, typ[0], f"{where}[{n}]")
    elif typ == "any_object":
        if not isinstance(v, dict):
            raise Mismatch(where, f"应为对象 should be an object: {short(v)}")
    elif typ in SCHEMA:
        if not isinstance(v, dict):
            raise Mismatch(where, f"应为对象 should be an object: {short(v)}")
        members = SCHEMA[typ]
        for k, x in v.items():
            if k not in members:
                raise Mismatch(f"{where}.{k}", f"未知字段 unknown member: {short(x)}")
            check_schema(x, members[k], f"{where}.{k}")
    else:
        ok = {"str": lambda x: isinstance(x, str),
              "int": lambda x: type(x) is int,
              "bool": lambda x: isinstance(x, bool)}[typ](v)
        if not ok:
            zh, en = TYPE_NAMES[typ]
            raise Mismatch(where, f"应为{zh} should be {en}: {short(v)}")


# ---------------------------------------------------------------------------
# Comparing JSON values (SPEC §8): values, not formatting. Once the types are
# checked (check_schema), a member that is omitted, null or empty ([] for a
# list, "" for a string, 0 for a number, false for a flag) is one value.

def norm(v):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            x = norm(x)
            if x is None or x == "" or x == [] or x == {} or x is False or \
                    (isinstance(x, int) and not isinstance(x, bool) and x == 0):
                continue
            out[k] = x
        return out
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v


def first_diff(got, want, path):
    """Path and description of the first difference of two normalised values."""
    if isinstance(got, dict) and isinstance(want, dict):
        for k in list(want) + [k for k in got if k not in want]:
            d = first_diff(got.get(k), want.get(k), f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(got, list) and isinstance(want, list):
        for n in range(max(len(got), len(want))):
            if n >= len(got):
                return path, f"缺少第 {n + 1} 项 item {n} missing; 应为 expected {short(want[n])}"
            if n >= len(want):
                return path, f"多出第 {n + 1} 项 extra item {n}: {short(got[n])}"
            d = first_diff(got[n], want[n], f"{path}[{n}]")
            if d:
                return d
        return None
    if type(got) is type(want) and got == want:
        return None
    return path, f"记录为 recorded {short(got)},重算为 recomputed {short(want)}"


def short(v):
    if v is None:
        return "空 (empty/omitted)"
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 120 else s[:117] + "…"


def expect_equal(got, want, where, typ):
    """Raises Mismatch unless got, of SCHEMA type typ, equals want."""
    check_schema(got, typ, where)
    # Wrapped so that an empty value at the top equals an omitted one too.
    d = first_diff(norm({"v": got}).get("v"), norm({"v": want}).get("v"), where)
    if d:
        raise Mismatch(d[0], d[1])


# ---------------------------------------------------------------------------
# §8 The chain and the record

GENESIS = "0" * 64


def step_hash(prev, seq, kind, at, payload):
    return hashlib.sha256(prev.encode() + b"\n" + str(seq).encode() + b"\n" +
                          b(kind) + b"\n" + b(at) + b"\n" + payload).hexdigest()


def strict_loads(raw, what):
    """SPEC §11: UTF-8 JSON whose member names are written in lower case
    ASCII letters, digits and "_", none twice in one object; no NaN or
    Infinity."""
    text = raw.decode("utf-8")  # raises UnicodeDecodeError (a ValueError)

    def pairs(items):
        out = {}
        for k, v in items:
            if not k or any(not ("a" <= c <= "z" or "0" <= c <= "9" or c == "_") for c in k):
                raise Mismatch(what, f"成员名 {k!r} 不是小写字母、数字和下划线 member name not in lower case")
            if k in out:
                raise Mismatch(what, f"成员 {k!r} 重复出现 member appears twice")
            out[k] = v
        return out

    def constant(c):
        raise ValueError(f"{c} 不是 JSON 数值 not a JSON number")
    return json.loads(text, object_pairs_hook=pairs, parse_constant=constant)


def go_json(v):
    """v written as Go's encoding/json writes it (SPEC §10): no spaces,
    members in the given order, <>& and U+2028/U+2029 as \\u escapes."""
    s = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    for c, e in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        s = s.replace(c, e)
    return s.encode("utf-8")


RFC3339 = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$")


def step_instant(at):
    """The instant of an RFC 3339 step time (SPEC §11), or None."""
    import datetime
    if not isinstance(at, str) or not RFC3339.match(at):
        return None
    try:
        t = datetime.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return None
    off = t.utcoffset()
    if off is None or abs(off) >= datetime.timedelta(hours=24):
        return None
    return t


def check_chain(steps):
    """Returns the decoded steps (seq, kind, at, payload bytes, hash)."""
    out = []
    prev = GENESIS
    for n, s in enumerate(steps, 1):
        where = f"steps[{n - 1}]"
        s = need_obj(s, where)
        seq = s.get("seq")
        if seq != n or isinstance(seq, bool):
            raise Mismatch(f"第 {n} 步 step {n}", f"序号应为 {n} seq should be {n}, is {seq!r}")
        kind = need_str(s.get("kind"), where + ".kind")
        at = need_str(s.get("at"), where + ".at")
        raw = need_str(s.get("payload"), where + ".payload")
        try:
            payload = base64.b64decode(raw, validate=True)
        except ValueError:
            raise Mismatch(f"第 {n} 步 ({kind})", "payload 不是 base64 not base64")
        if base64.b64encode(payload).decode() != raw:
            raise Mismatch(where + ".payload", "不是规范的标准 base64 not canonical standard base64")
        t = step_instant(at)
        if t is None:
            raise Mismatch(where + ".at", f"时间 {at!r} 不是 RFC 3339 格式 not an RFC 3339 time")
        if out and t < out[-1][5]:
            raise Mismatch(where + ".at", f"时间 {at} 早于上一步的 {out[-1][2]} earlier than the step before")
        if s.get("prev") != prev:
            raise Mismatch(f"第 {n} 步 ({kind})", "prev 与上一步的哈希不符 does not link to the previous hash")
        h = step_hash(prev, n, kind, at, payload)
        if s.get("hash") != h:
            raise Mismatch(f"第 {n} 步 ({kind})",
                           f"哈希不符 hash mismatch: 记录 recorded {s.get('hash')}, 重算 recomputed {h}")
        out.append((n, kind, at, payload, h, t))
        prev = h
    return out


def replay(steps):
    """Replays the decoded steps; returns what the steps say (a dict)."""
    it = iter(steps)
    state = {}

    def nxt(kind):
        try:
            n, k, at, payload, h, _ = next(it)
        except StopIteration:
            raise Mismatch("steps", f"缺少 {kind} 步 missing the {kind} step")
        where = f"第 {n} 步 ({k})"
        if k != kind:
            raise Mismatch(where, f"此处应为 {kind} 步 expected a {kind} step")
        try:
            value = strict_loads(payload, where)
        except (UnicodeDecodeError, ValueError) as e:
            raise Mismatch(where, f"payload 不是 JSON not JSON: {e}")
        return n, at, value, h, where, payload

    def peek():
        return steps[pos[0]][1] if pos[0] < len(steps) else None

    pos = [0]

    def take(kind, raw=False):
        r = nxt(kind)
        pos[0] += 1
        return r if raw else r[:5]

    # commit: the frame as frame_gzip (canonical, gzip, base64), or as JSON
    # in a commit written before record format 2
    n, at, v, h, where = take("commit")
    v = need_obj(v, where)
    check_schema(v, "commit", where)
    compressed = bool(v.get("frame_gzip"))
    if compressed == (v.get("frame") is not None):
        raise Mismatch(where, "名录须以 frame_gzip 或 frame 之一给出 the frame must be given once, as frame_gzip or frame")
    try:
        if compressed:
            text = decompress_frame(v["frame_gzip"])
            f = Frame.from_canonical(text)
            F = hashlib.sha256(text).hexdigest()
            del text
        else:
            f = Frame(v.get("frame"), "frame")
            F = fingerprint(f)
        check_frame_ids(f)
    except Mismatch as e:
        raise Mismatch(where, f"{e.where}: {e.what}")
    if v.get("fingerprint") != F:
        raise Mismatch(where + " fingerprint",
                       f"记录为 recorded {v.get('fingerprint')},由框架重算为 recomputed {F}")
    short_ = feasibility(f)
    if short_:
        p, c, have, need = short_[0]
        raise Mismatch(where, f"框架不可行 frame infeasible: {p} {c} 有 have {have},需要 need {need}")
    info = need_obj(v.get("info"), where + " info")
    state.update(info=v.get("info"), frame=v.get("frame"), fingerprint=F, committed_at=at,
                 F=f, frame_gzip=compressed)
    # witnesses
    witnesses = []
    while peek() in ("witness", "witness-remove"):
        if peek() == "witness-remove":
            # a witness taken off the list before the seed (SPEC §8)
            n, at, v, h, where = take("witness-remove")
            v = need_obj(v, where)
            check_schema(v, "witness_remove", where)
            i = v.get("index")
            if type(i) is not int or not 1 <= i <= len(witnesses):
                raise Mismatch(where + " index", f"没有第 {i} 名见证人 no witness number {i} of {len(witnesses)}")
            if v.get("name") != witnesses[i - 1].get("name"):
                raise Mismatch(where + " name",
                               f"第 {i} 名见证人是 witness {i} is {witnesses[i - 1].get('name')!r},不是 not {v.get('name')!r}")
            if not isinstance(v.get("reason"), str) or not v["reason"].strip():
                raise Mismatch(where + " reason", "移除见证人没有理由 a witness removed without a reason")
            del witnesses[i - 1]
            continue
        n, at, w, h, where = take("witness")
        w = need_obj(w, where)
        check_schema(w, "witness", where)
        d = w.get("digits")
        if not isinstance(d, str) or not d or any(ch not in "0123456789" for ch in d):
            raise Mismatch(where, f"见证人数字须为非空的 0–9 digits must be non-empty ASCII 0-9: {d!r}")
        witnesses.append(w)
    state["witnesses"] = witnesses
    # seed
    n, at, v, h, where, raw = take("seed", raw=True)
    S = "-".join(w["digits"] for w in witnesses)
    total = sum(len(w["digits"]) for w in witnesses)
    min_digits = need_int(info.get("min_digits"), "info.min_digits")
    if total < min_digits:
        raise Mismatch(where, f"见证数字共 {total} 位,少于 min_digits {min_digits} too few digits")
    check_schema(need_obj(v, where), "seed_payload", where)
    expect_equal(v.get("seed"), S, where + " seed", "str")
    exact(raw, {"seed": S}, where)
    state["seed"] = S
    # counties
    n, at, v, h, where, raw = take("counties", raw=True)
    counties = draw_counties(f, S, F)
    expect_equal(v, counties, where, ["pick"])
    exact(raw, counties, where)
    # units
    units = []
    for p in counties:
        if p.get("alternate"):
            continue
        n, at, v, h, where, raw = take("units", raw=True)
        ud = draw_units(f, S, F, p["id"])
        expect_equal(v, ud, where, "unit_draw")
        exact(raw, ud, where)
        units.append(ud)
    # teams
    n, at, v, h, where, raw = take("teams", raw=True)
    teams = draw_teams(f, S, F, units)
    expect_equal(v, teams, where, ["team"])
    exact(raw, [dict(t, alternates=t["alternates"] or None) for t in teams], where)
    state["result"] = {"counties": counties, "units": units, "teams": teams}
    # seal
    n, at, v, h, where, raw = take("seal", raw=True)
    check_schema(v, "seal", where)
    if v != {"sealed": True}:
        raise Mismatch(where, f'payload 应为 {{"sealed":true}} should be {{"sealed":true}}: {short(v)}')
    exact(raw, {"sealed": True}, where)
    state["sealed_at"] = at
    state["verification_code"] = h
    # §9 substitutions after the seal
    subs = Substitutions(f, S, F, units, teams)
    ledger = Ledger(f, subs)
    state["substitutions"] = []
    state["amended_head"] = ""
    state["entries"] = []
    state["head"] = h
    while peek() in ["substitute"] + ENTRY_KINDS:
        kind = peek()
        n, at, v, h, where, payload = take(kind, raw=True)
        state["head"] = h
        if kind != "substitute":
            ledger.apply(n, kind, v, where, payload)
            state["entries"].append((n, kind))
            continue
        v = need_obj(v, where)
        check_schema(v, "substitution", where)
        if v.get("kind") == "unit" and ("result", v.get("out")) in ledger.current:
            raise Mismatch(where, f"单位 {v.get('out')} 已有检查结果,不能替换 has a result, cannot be substituted")
        want = subs.apply(v, where)
        expect_equal(v, want, where, "substitution")
        exact(payload, {k: want.get(k) for k in SCHEMA["substitution"] if k != "ticket" or want.get(k)}, where)
        state["substitutions"].append(v)
        state["amended_head"] = h
    if pos[0] != len(steps):
        s = steps[pos[0]]
        raise Mismatch(f"第 {s[0]} 步 step {s[0]} ({s[1]})",
                       "封存之后只能有 substitute 及 §10 的记录步骤 only substitute and §10 entry steps may follow the seal")
    return state


def exact(payload, want, where):
    """SPEC §8: a draw step's payload is exactly the bytes go_json writes
    for the recomputed value (a team without alternates has "alternates":null)."""
    if payload != go_json(want):
        raise Mismatch(where, "内容的写法与规范不同(值相同,字节不同) payload bytes differ from the one way SPEC §8 gives")


def is_date(s):
    """YYYY-MM-DD, a real calendar date."""
    import datetime
    if not isinstance(s, str) or len(s) != 10 or s[4] != "-" or s[7] != "-" or \
            not (s[:4] + s[5:7] + s[8:]).isdigit() or not s.isascii():
        return False
    try:
        datetime.date(int(s[:4]), int(s[5:7]), int(s[8:]))
        return True
    except ValueError:
        return False


class Ledger:
    """SPEC §10: the entries after the seal, and which is current."""

    def __init__(self, f, subs):
        self.f, self.subs = f, subs
        self.current = {}   # (kind, subject) -> (seq, entry, data)
        self.status = {}    # transfer id -> (status, date)

    def canonical(self, kind, v, where, payload):
        """SPEC §10: every member present, in order, of its type (no null),
        written as go_json writes it."""
        def build(val, typ):
            if isinstance(typ, list):
                if not isinstance(val, list):
                    raise Mismatch(where, "列表须写作 [...] a list is written [...]")
                return [build(x, typ[0]) for x in val]
            if typ == "any_object":
                return build(val, kind + "_data")
            if typ in SCHEMA:
                if not isinstance(val, dict):
                    raise Mismatch(where, "应为对象 should be an object")
                return {k: build(val.get(k), t) for k, t in SCHEMA[typ].items()}
            if val is None:
                raise Mismatch(where, "成员缺失或为 null missing or null member")
            return val
        if kind + "_data" not in SCHEMA:
            raise Mismatch(where, f"步骤类型 {kind!r} 未知 unknown kind")
        if go_json(build(v, "entry")) != payload:
            raise Mismatch(where, "内容不是规范写法(成员齐全、按规定顺序、无空格,见 SPEC §10) "
                                  "payload not written the one way SPEC §10 gives")

    def text(self, v, what, where, required):
        v = need_str(v, where)
        if required and v.strip("".join(WHITE_SPACE)) == "":
            raise Mismatch(where, f"{what}为空 is empty")
        if v and (v[0] in WHITE_SPACE or v[-1] in WHITE_SPACE or any(c in v for c in "\t\r\n")):
            raise Mismatch(where, f"{what} {v!r} 前后有空白或含有制表符、换行 has surrounding white space or a TAB/CR/LF")
        return v

    def result(self, unit, where):
        r = self.current.get(("result", unit))
        if r is None:
            raise Mismatch(where, f"单位 {unit} 没有检查结果 has no result")
        return r[2]

    def day(self, v, what, where):
        if not is_date(v):
            raise Mismatch(where, f"{what} {v!r} 不是 YYYY-MM-DD 日期 is not a date")
        return v

    def apply(self, n, kind, v, where, payload):
        v = need_obj(v, where)
        check_schema(v, "entry", where)
        self.canonical(kind, v, where, payload)
        subject = self.text(v.get("subject"), "subject", where + " subject", True)
        unit = self.text(v.get("unit"), "unit", where + " unit", False)
        corrects = need_int(v.get("corrects"), where + " corrects")
        self.text(v.get("operator"), "操作人 operator", where + " operator", True)
        self.text(v.get("reason"), "理由 reason", where + " reason", corrects != 0)
        data = v.get("data")
        if not isinstance(data, dict):
            raise Mismatch(where + " data", "data 不是 JSON 对象 is not an object")
        key = (kind, subject)
        cur = self.current.get(key)
        if kind == "transfer_status" and corrects:
            raise Mismatch(where + " corrects", "移送状态变更不是更正 a status change corrects nothing")
        if not corrects and cur is not None and kind != "transfer_status":
            raise Mismatch(where, f"{kind} {subject} 已有第 {cur[0]} 步的记录,再次记录须是更正 "
                                  f"already recorded at step {cur[0]}: a second entry must correct it")
        if corrects and cur is None:
            raise Mismatch(where + " corrects", f"更正指向第 {corrects} 步,但此前没有 {kind} {subject} nothing to correct")
        if corrects and cur[0] != corrects:
            raise Mismatch(where + " corrects", f"更正指向第 {corrects} 步,而当前的记录是第 {cur[0]} 步 "
                                                f"the current entry is step {cur[0]}")
        check_schema(data, kind + "_data", where + " data")
        d = lambda k: need_str(data.get(k), f"{where} data.{k}")
        if kind in ("result", "publication", "dishonest") and unit != subject:
            raise Mismatch(where + " unit", f"unit {unit!r} 与 subject {subject!r} 不同 differs from subject")
        if kind == "result":
            c = d("county")
            if unit not in self.subs.units.get(c, []):
                raise Mismatch(where + " unit", f"单位 {unit} 不在 {c} 当前的检查名单中 is not a current unit of {c}")
            if d("matter") != self.f.code:
                raise Mismatch(where + " data.matter", f"事项 {d('matter')!r} 不是本次抽取的事项 is not the matter drawn")
            team = need_list(data.get("team"), where + " data.team")
            if not team or any(x not in self.f.by_id for x in team):
                raise Mismatch(where + " data.team", f"检查组须为名录中的执法人员 must be inspectors of the frame: {short(team)}")
            start, end = self.day(d("start"), "start", where), self.day(d("end"), "end", where)
            if start < self.f.draw_date or end < start:
                raise Mismatch(where, f"检查日期 {start} 至 {end} 早于抽取日期或先后颠倒 dates before the draw or reversed")
            codes = need_list(data.get("codes"), where + " data.codes")
            if not codes:
                raise Mismatch(where + " data.codes", "没有检查结果代码 no result code")
            for x in codes:
                self.text(x, "检查结果 code", where + " data.codes", True)
            pub = self.current.get(("publication", unit))
            if pub is not None and end > pub[2].get("date"):
                raise Mismatch(where, f"检查结束日期 {end} 晚于已登记的公示日期 after the publication date {pub[2].get('date')}")
        elif kind == "publication":
            r = self.result(unit, where)
            date = self.day(d("date"), "公示日期 date", where)
            if date < r.get("end"):
                raise Mismatch(where, f"公示日期 {date} 早于检查结束日期 before the end of the inspection {r.get('end')}")
        elif kind == "penalty":
            if d("decision_no") != subject:
                raise Mismatch(where + " data.decision_no", f"决定书文号与 subject 不同 differs from subject {subject!r}")
            if unit:
                self.result(unit, where)
            self.day(d("decision_date"), "处罚决定日期 decision_date", where)
            self.text(d("legal_rep"), "法定代表人 legal_rep", where + " data.legal_rep", False)
            self.text(d("principal"), "主要负责人 principal", where + " data.principal", False)
        elif kind == "penalty_publication":
            p = self.current.get(("penalty", subject))
            if p is None:
                raise Mismatch(where, f"没有决定书文号为 {subject} 的行政处罚 no such penalty")
            if p[1].get("unit") != unit:
                raise Mismatch(where + " unit", f"行政处罚 {subject} 的单位是 {p[1].get('unit')!r} the penalty's unit differs")
            date = self.day(d("date"), "公示日期 date", where)
            if date < p[2].get("decision_date"):
                raise Mismatch(where, f"公示日期 {date} 早于处罚决定日期 before the decision date {p[2].get('decision_date')}")
        elif kind == "transfer":
            self.result(unit, where)
            if d("status") not in TRANSFER_STATUSES:
                raise Mismatch(where + " data.status", f"移送状态 {d('status')!r} 无效 is not a status")
            self.day(d("date"), "日期 date", where)
            if not corrects:
                self.status[subject] = (d("status"), d("date"))
        elif kind == "transfer_status":
            t = self.current.get(("transfer", subject))
            if t is None:
                raise Mismatch(where, f"没有移送 {subject} no such transfer")
            if t[1].get("unit") != unit:
                raise Mismatch(where + " unit", f"移送 {subject} 的单位是 {t[1].get('unit')} the transfer's unit differs")
            st, last = self.status[subject]
            if d("status") not in TRANSFER_STATUSES or \
                    TRANSFER_STATUSES.index(d("status")) <= TRANSFER_STATUSES.index(st):
                raise Mismatch(where + " data.status", f"移送 {subject} 已是“{st}”,不能改为“{d('status')}”(状态只能向前) only forward")
            date = self.day(d("date"), "日期 date", where)
            if date < last:
                raise Mismatch(where + " data.date", f"日期 {date} 早于上一状态的日期 before the last status {last}")
            self.status[subject] = (d("status"), date)
        elif kind == "dishonest":
            r = self.result(unit, where)
            frm = self.day(d("from"), "from", where)
            to = d("to")
            if to:
                self.day(to, "to", where)
            if frm < r.get("end") or (to and to < frm):
                raise Mismatch(where, f"严重失信期间 {frm} 至 {to} 早于检查结束日期或先后颠倒 before the inspection or reversed")
        if kind != "transfer_status":
            self.current[key] = (n, v, data)


class Substitutions:
    """SPEC §9: the current units and teams, and who was substituted out."""

    def __init__(self, f, S, F, units, teams):
        self.f, self.S, self.F = f, S, F
        self.units = {u["county"]: [p["id"] for p in u["picks"] if not p.get("alternate")]
                      for u in units}
        self.teams = {t["county"]: {"leader": t["leader"]["id"],
                                    "members": [p["id"] for p in t["members"]]} for t in teams}
        self.out_units = set()
        self.out_inspectors = set()

    def in_team(self):
        ids = set()
        for t in self.teams.values():
            ids.add(t["leader"])
            ids.update(t["members"])
        return ids

    def first(self, ids, label):
        """The id with the smallest ticket under seed(label), with its ticket."""
        if not ids:
            return None, ""
        t, i = ordered(ids, stage_seed(self.S, self.F, label))[0]
        return i, t

    def apply(self, v, where):
        """Recomputes in and ticket of the substitute payload v, applies it and
        returns the payload as it should read."""
        f = self.f
        kind = v.get("kind")
        c = v.get("county")
        out = v.get("out")
        if c not in self.units:
            raise Mismatch(where + " county", f"{c!r} 不是抽中的县 is not a drawn county")
        if kind == "unit":
            cur = self.units[c]
            if out not in cur:
                raise Mismatch(where + " out", f"{out!r} 不是该县当前的检查单位 is not a current unit of {c}")
            pool = [u for u in f.units_in(c) if u not in cur and u not in self.out_units]
            new, tkt = self.first(pool, "units/" + c)
            if new is None:
                raise Mismatch(where, f"{c} 已无可替补的单位 no unit left to substitute")
            cur[cur.index(out)] = new
            self.out_units.add(out)
        elif kind == "inspector":
            team = self.teams[c]
            U = set(self.units[c])
            busy = self.in_team()
            free = [i for i in f.inspectors
                    if i["id"] not in busy and i["id"] not in self.out_inspectors]
            if out == team["leader"]:
                if f.leaders:
                    new, tkt = None, ""
                    for x in f.leaders:
                        if x in f.by_id and x not in busy and x not in self.out_inspectors \
                                and f.serves(f.by_id[x], c, U, False):
                            new = x
                            break
                else:
                    new, tkt = self.first([i["id"] for i in free if i["leader_qualified"]
                                           and f.serves(i, c, U, True)], "leaders/" + c)
                if new is None:
                    raise Mismatch(where, f"{c} 已无可替补的组长 no leader left to substitute")
                team["leader"] = new
            elif out in team["members"]:
                new, tkt = self.first([i["id"] for i in free if f.serves(i, c, U, True)],
                                      "inspectors/" + c)
                if new is None:
                    raise Mismatch(where, f"{c} 已无可替补的组员 no member left to substitute")
                team["members"][team["members"].index(out)] = new
            else:
                raise Mismatch(where + " out", f"{out!r} 不在 {c} 的检查组 is not in the team of {c}")
            self.out_inspectors.add(out)
        else:
            raise Mismatch(where + " kind", f"应为 unit 或 inspector, is {kind!r}")
        want = dict(v)
        want["in"] = new
        want["ticket"] = tkt
        return want


def verify_record(rec):
    """Raises Mismatch at the first difference; returns the replayed state."""
    rec = need_obj(rec, "record")
    for k, x in rec.items():
        if k not in SCHEMA["record"]:
            raise Mismatch(k, f"未知字段 unknown member: {short(x)}")
    fmt = rec.get("format")
    if fmt not in ("shuangsui-record/1", "shuangsui-record/2"):
        raise Mismatch("format", f"应为 shuangsui-record/2 或 /1, is {fmt!r}")
    check_schema(rec.get("ceremony"), "str", "ceremony")
    check_schema(rec.get("program"), "str", "program")  # informational: never compared
    check_schema(rec.get("steps"), ["step"], "steps")
    steps = check_chain(need_list(rec.get("steps"), "steps"))
    state = replay(steps)
    types = SCHEMA["record"]
    if fmt == "shuangsui-record/1":
        # Version 1 knows only substitutions after the seal, no head, and
        # the frame as JSON, in the commit and in the summary.
        if state["entries"]:
            n, kind = state["entries"][0]
            raise Mismatch(f"第 {n} 步 step {n} ({kind})",
                           "版本 1 的记录在封存后只能有替换步骤 a version 1 record has only substitute steps after the seal")
        if state["frame_gzip"]:
            raise Mismatch("第 1 步 step 1 (commit)",
                           "版本 1 的记录中名录以 JSON 给出,不能是 frame_gzip a version 1 record has the frame as JSON, not frame_gzip")
        state["head"] = ""
    elif rec.get("frame") is not None:
        raise Mismatch("frame", "版本 2 的记录没有 frame 成员:名录只在 commit 步骤中 "
                       "a version 2 record has no frame member: the frame is in the commit step")
    expect_equal(rec.get("info"), state["info"], "info", types["info"])
    if fmt == "shuangsui-record/1":
        expect_equal(rec.get("frame"), state["frame"], "frame", types["frame"])
    for field in ("fingerprint", "committed_at", "witnesses", "seed"):
        expect_equal(rec.get(field), state[field], field, types[field])
    result = need_obj(rec.get("result"), "result")
    check_schema(result, "result", "result")
    for field in ("counties", "units", "teams"):
        expect_equal(result.get(field), state["result"][field], "result." + field,
                     SCHEMA["result"][field])
    for field in ("sealed_at", "verification_code", "substitutions", "amended_head", "head"):
        expect_equal(rec.get(field), state[field], field, types[field])
    return state


def cmd_record(args):
    if len(args) != 1:
        print("用法 usage: python3 verify.py record RECORD.json", file=sys.stderr)
        return 2
    try:
        with open(args[0], "rb") as fh:
            raw = fh.read()
    except OSError as e:
        print(f"错误 error: {e}", file=sys.stderr)
        return 2
    try:
        rec = strict_loads(raw, "记录 record")
        state = verify_record(rec)
    except (UnicodeDecodeError, ValueError) as e:
        print(f"不通过 FAIL: 记录不是有效的 JSON the record is not valid JSON: {e}")
        return 1
    except Mismatch as e:
        print(f"不通过 FAIL: {e.where}: {e.what}")
        return 1
    r = state["result"]
    drawn = [p["id"] for p in r["counties"] if not p.get("alternate")]
    names = {c["id"]: c["name"] for c in state["F"].counties}
    print("通过 PASS: 记录与按 SPEC.md 独立重算的结果逐项一致")
    print(f"  抽取编号 ceremony: {rec.get('ceremony', '')}")
    print(f"  框架指纹 F: {state['fingerprint']}")
    d = state["F"].directed
    if d is not None:
        kinds = {"key": "重点单位", "dishonest": "严重失信单位", "list": "指定名单"}
        src = f"; 来源 source: {d['source']}" if d["source"] else ""
        print(f"  定向检查 directed ({d['kind']}): {kinds.get(d['kind'], d['kind'])}, {d['reason']}{src}")
    if state["F"].partner:
        print(f"  联合检查部门 joint with: {state['F'].partner}")
    print(f"  种子 S: {state['seed']} ({len(state['witnesses'])} 位见证人 witnesses)")
    print("  抽中县区 counties: " + "、".join(f"{names.get(c, c)}({c})" for c in drawn))
    print(f"  抽中单位 units: {sum(u['take'] for u in r['units'])} 家; "
          f"检查组 teams: {len(r['teams'])} 个")
    print(f"  校验码 verification code: {state['verification_code']}")
    if state["substitutions"]:
        print(f"  封存后替补 substitutions: {len(state['substitutions'])} 次; "
              f"修订后校验码 amended head: {state['amended_head']}")
    if state["entries"]:
        print(f"  封存后登记 entries after the seal: {len(state['entries'])} 条")
    if state["head"]:
        print(f"  当前校验码 current head: {state['head']}")
    return 0


# ---------------------------------------------------------------------------
# Self-test: the vectors of SPEC §1-2 and the canonical example of §5

def selftest():
    ok = True

    def check(name, got, want):
        nonlocal ok
        good = got == want
        ok = ok and good
        print(f"{'ok  ' if good else 'FAIL'} {name}" + ("" if good else f"\n     got  {got!r}\n     want {want!r}"))

    check("SHA-256 hex of 01382438112797316654", seed_hash("01382438112797316654"),
          "a9c6a8879a42dc078b0393ba293718410cde1dd546180fe1fb41caab3b7c7ca0")
    vectors = [
        ("01382438112797316654", "AB-130",
         "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"),
        ("314159", "cd-1", "0.31768581747785156587475078210879339049271166286670250438649595728459169965731"),
        ("314159", "ef-3", "0.83298451953367065007352543092091514744623563372783686435813672834327753149391"),
        ("314159", "ab-1", "0.90980392695231990029929829006329474381949578102131434318841212552595405683451"),
        ("314159", "ab-2", "0.92315490438118380444601279583613827160113032867447843891859449897094255712289"),
    ]
    for seed, ident, want in vectors:
        check(f"ticket({seed}, {ident})", ticket(seed, ident), want)
    picks = sample(["ab-1", "ab-2", "cd-1", "ef-3"], "314159", 2, 2)
    check("Sample([ab-1 ab-2 cd-1 ef-3], 314159, 2, 2)",
          [(p["rank"], p["id"], p.get("alternate", False)) for p in picks],
          [(1, "cd-1", False), (2, "ef-3", False), (3, "ab-1", True), (4, "ab-2", True)])
    try:
        sample(["a", "a"], "1", 1, 0)
        check("duplicate id refused", False, True)
    except DrawError:
        check("duplicate id refused", True, True)
    try:
        sample(["a"], "1", 2, 0)
        check("take > N refused", False, True)
    except DrawError:
        check("take > N refused", True, True)
    # §3: positions are distinct and in range for n = N.
    u, sp = systematic(["c", "a", "b"], "x", 3, 0)
    check("Systematic n = N draws everything in byte order",
          [(p["id"], p["position"]) for p in sp], [("a", 1), ("b", 2), ("c", 3)])
    # §5 example (TAB written as → in the spec).
    example = {
        "matter": {"code": "M", "version": 2, "name": "名", "specialty": "综合"},
        "draw_date": "2026-01-02",
        "params": {"counties": 1, "units_per_county": 2,
                   "units_override": [{"county": "B", "units": 1}, {"county": "A", "units": 3}],
                   "method": "simple", "members": 1, "leaders": ["Z", "Y"], "alternates": 0},
        "counties": [{"id": "B", "name": "乙"}, {"id": "A", "name": "甲"}],
        "units": [{"id": "u2", "county": "A", "name": "二", "category": "c"},
                  {"id": "u1", "county": "B", "name": "一", "category": "c"}],
        "inspectors": [
            {"id": "Z", "name": "张", "home_county": "", "specialties": ["综合", "工业"],
             "leader_qualified": True, "active": True, "valid_until": "2027-01-01",
             "conflict_units": ["u2", "u1"]},
            {"id": "Y", "name": "于", "home_county": "A", "specialties": None,
             "leader_qualified": False, "active": False, "valid_until": "2027-01-01"},
        ],
    }
    want = ("shuangsui-frame→1\nmatter→M→2→名→综合\ndate→2026-01-02\nparams→1→2→simple→1→0\n"
            "override→A→3\noverride→B→1\nleader→Z\nleader→Y\ncounty→A→甲\ncounty→B→乙\n"
            "unit→u1→B→c→一\nunit→u2→A→c→二\n"
            "inspector→Y→于→A→0→0→2027-01-01→→→\n"
            "inspector→Z→张→→1→1→2027-01-01→工业,综合→→u1,u2\n").replace("→", "\t")
    check("canonical frame of the §5 example", canonical(Frame(example)).decode(), want)
    back = Frame.from_canonical(want.encode())
    check("§5 example read back from its canonical text", canonical(back).decode(), want)
    check("F of the §5 example read back", hashlib.sha256(canonical(back)).hexdigest(),
          "1b11f250a1aa6cbc28f5ac0f7172a39aef0381870297f24be4346a4c56ead751")
    for name, text in (("no final newline", want[:-1]), ("a leading zero", want.replace("override\tA\t3", "override\tA\t03")),
                       ("a list not sorted", want.replace("工业,综合", "综合,工业"))):
        try:
            Frame.from_canonical(text.encode())
            check(f"§5 example with {name} refused", False, True)
        except Mismatch:
            check(f"§5 example with {name} refused", True, True)
    ex3 = "shuangsui-frame→3\nmatter→M→2→名→综合\ndate→2026-01-02\ndirected→list→年报联合抽查→市场监管局名单.xlsx\npartner→市场监督管理局\nparams→2→1→simple→1→0\nleader→Z\nleader→Y\ncounty→A→甲\ncounty→B→乙\nunit→u1→B→c→一\nunit→u2→A→c→二\ninspector→Y→于→A→0→0→2027-01-01→→→\ninspector→Z→张→→1→1→2027-01-01→工业,综合→→u1,u2\n".replace("→", "\t")
    back3 = Frame.from_canonical(ex3.encode())
    check("F of the §12 example read back", hashlib.sha256(canonical(back3)).hexdigest(),
          "fa2cc9c1c91a1b5e52a76a616cd731c0f15af57132ec018a863a1be28aae3337")
    check_directed(back3)
    check("§12 example: directed and partner", (back3.directed["kind"], back3.partner), ("list", "市场监督管理局"))
    gz = base64.b64encode(gzip_member(want.encode())).decode()
    check("frame_gzip decompressed", decompress_frame(gz).decode(), want)
    try:
        decompress_frame(base64.b64encode(gzip_member(want.encode()) + b"\0").decode())
        check("bytes after the gzip member refused", False, True)
    except Mismatch:
        check("bytes after the gzip member refused", True, True)
    print("selftest: " + ("全部通过 all passed" if ok else "有失败 FAILED"))
    return 0 if ok else 1


# ---------------------------------------------------------------------------

def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    cmd, args = argv[1], argv[2:]
    if cmd == "ticket":
        if len(args) != 2:
            print("用法 usage: python3 verify.py ticket SEED ID", file=sys.stderr)
            return 2
        print(ticket(args[0], args[1]))
        return 0
    if cmd == "sample":
        return cmd_sample(args)
    if cmd == "record":
        return cmd_record(args)
    if cmd == "selftest":
        return selftest()
    print(f"未知命令 unknown command: {cmd}\n", file=sys.stderr)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
