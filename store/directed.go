package store

// Directed frames (SPEC.md §12): every key unit not inspected in the year
// of the draw, every seriously dishonest unit not inspected in its
// half-year, or every unit of a list given with its reason. The units are
// all inspected; only the teams are drawn.

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// DirectedKindName is the Chinese name of a directed kind, for screens,
// sheets and reports.
func DirectedKindName(kind string) string {
	switch kind {
	case sampling.DirectedKey:
		return "重点单位"
	case sampling.DirectedDishonest:
		return "严重失信单位"
	case sampling.DirectedList:
		return "指定名单"
	}
	return kind
}

// HalfYear is the half-year (first and last day) of date YYYY-MM-DD.
func HalfYear(date string) (from, to string) {
	y := date[:4]
	if date[5:7] <= "06" {
		return y + "-01-01", y + "-06-30"
	}
	return y + "-07-01", y + "-12-31"
}

// DirectedReason is the reason the program writes for a directed draw of
// kind key or dishonest on date: what it covers and the period.
func DirectedReason(kind, date string) string {
	switch kind {
	case sampling.DirectedKey:
		return fmt.Sprintf("重点单位年度全覆盖(%s 年尚未检查)", date[:4])
	case sampling.DirectedDishonest:
		from, to := HalfYear(date)
		return fmt.Sprintf("严重失信单位半年全覆盖(%s 至 %s 尚未检查)", from, to)
	}
	return ""
}

// directedFilter returns, for a directed query, the test a unit that is
// active and in an active county must pass to be in the frame; nil for an
// ordinary query.
func directedFilter(tx *bolt.Tx, q FrameQuery) (func(unitView) bool, error) {
	d := q.Directed
	if d == nil {
		return nil, nil
	}
	if err := checkDirected(q); err != nil {
		return nil, err
	}
	keep, err := directedFilterKind(tx, q)
	if err != nil || len(q.DirectedCounties) == 0 {
		return keep, err
	}
	in := map[string]bool{}
	for _, c := range q.DirectedCounties {
		if tx.Bucket(bCounties).Get([]byte(c)) == nil {
			return nil, fmt.Errorf("定向检查的县(市、区) %q 不在县(市、区)名录中", c)
		}
		in[c] = true
	}
	return func(u unitView) bool { return in[string(u.county)] && keep(u) }, nil
}

// directedFilterKind is the test of directedFilter for the kind alone.
func directedFilterKind(tx *bolt.Tx, q FrameQuery) (func(unitView) bool, error) {
	d := q.Directed
	b := tx.Bucket(bInspections)
	switch d.Kind {
	case sampling.DirectedKey:
		y := q.DrawDate[:4]
		done, err := unitsBetween(b, y+"-01-01", y+"-12-31")
		if err != nil {
			return nil, err
		}
		return func(u unitView) bool { return u.flags&flagKey != 0 && !done[string(u.id)] }, nil
	case sampling.DirectedDishonest:
		from, to := HalfYear(q.DrawDate)
		done, err := unitsBetween(b, from, to)
		if err != nil {
			return nil, err
		}
		return func(u unitView) bool {
			df, dt := string(u.dishonestFrom), string(u.dishonestTo)
			return df != "" && df <= to && (dt == "" || dt >= from) && !done[string(u.id)]
		}, nil
	}
	want := map[string]bool{}
	for _, id := range q.List {
		want[id] = true
	}
	return func(u unitView) bool { return want[string(u.id)] }, nil
}

// checkDirected checks a directed query on its own.
func checkDirected(q FrameQuery) error {
	d := q.Directed
	switch d.Kind {
	case sampling.DirectedKey, sampling.DirectedDishonest:
		if len(q.List) > 0 {
			return fmt.Errorf("定向检查(%s)的单位由名录库确定,不能另给名单", DirectedKindName(d.Kind))
		}
	case sampling.DirectedList:
		if len(q.List) == 0 {
			return fmt.Errorf("定向检查的名单是空的")
		}
		seen := map[string]int{}
		for i, id := range q.List {
			if strings.TrimSpace(id) == "" {
				return fmt.Errorf("定向检查名单第 %d 项为空", i+1)
			}
			if j, ok := seen[id]; ok {
				return fmt.Errorf("定向检查名单第 %d 项 %s 与第 %d 项重复", i+1, id, j+1)
			}
			seen[id] = i
		}
		if strings.TrimSpace(d.Source) == "" {
			return fmt.Errorf("定向检查的名单须写明来源(谁提供的、哪个文件)")
		}
	default:
		return fmt.Errorf("定向检查类型 %q 无效,应为 key(重点单位)、dishonest(严重失信)或 list(指定名单)", d.Kind)
	}
	if strings.TrimSpace(d.Reason) == "" || strings.ContainsAny(d.Reason+d.Source, "\t\r\n") {
		return fmt.Errorf("定向检查须写明理由(一行,不含制表符)")
	}
	return nil
}

// directedDone checks the units of the frame built: a list whose every id
// is among them, and at least one unit.
func directedDone(tx *bolt.Tx, q FrameQuery, units []sampling.Unit) error {
	n := len(units)
	listed := map[string]bool{}
	if len(q.List) > 0 {
		for _, u := range units {
			listed[u.ID] = true
		}
	}
	for i, id := range q.List {
		if !listed[id] {
			why := "名录库中没有这个单位"
			if v := tx.Bucket(bUnits).Get([]byte(id)); v != nil {
				u, err := viewUnit(v)
				switch {
				case err != nil:
					why = err.Error()
				case u.flags&flagRemoved != 0:
					why = "已移出名录库"
				case string(u.status) == StatusClosed:
					why = "已关闭"
				case string(u.status) == StatusDeregistered:
					why = "已注销"
				case len(q.DirectedCounties) > 0 && !slices.Contains(q.DirectedCounties, string(u.county)):
					why = "不在限定的县(市、区)"
				default:
					why = "所在县(市、区)未启用"
				}
			}
			return fmt.Errorf("定向检查名单第 %d 项 %s: %s;名单中的每个单位都须是名录库中在营、未删除、所在县(市、区)启用的单位", i+1, id, why)
		}
	}
	if n == 0 {
		switch q.Directed.Kind {
		case sampling.DirectedKey:
			return fmt.Errorf("%s 年没有尚未检查的重点单位:无需定向检查", q.DrawDate[:4])
		case sampling.DirectedDishonest:
			from, to := HalfYear(q.DrawDate)
			return fmt.Errorf("%s 至 %s 没有尚未检查的严重失信单位:无需定向检查", from, to)
		}
	}
	return nil
}

// unitsBetween is the set of units with an inspection dated from..to.
func unitsBetween(b *bolt.Bucket, from, to string) (map[string]bool, error) {
	out := map[string]bool{}
	c := b.Cursor()
	for k, _ := c.Seek([]byte(from)); k != nil; k, _ = c.Next() {
		parts := bytes.SplitN(k, []byte{0}, 3)
		if len(parts) < 3 {
			return nil, fmt.Errorf("检查记录键 %q 损坏", k)
		}
		if bytes.Compare(parts[0], []byte(to)) > 0 {
			break
		}
		out[string(parts[1])] = true
	}
	return out, nil
}

// CheckKind names the kind of check a frame holds, in Chinese and in
// English: 随机抽查 for an ordinary draw, 定向检查(重点单位) for a directed
// one, 跨部门联合抽查(与 X) for a joint one, both for a joint directed one.
func CheckKind(d *sampling.Directed, partner string) (zh, en string) {
	zh, en = "随机抽查", "random check"
	if d != nil {
		enKind := map[string]string{sampling.DirectedKey: "key units", sampling.DirectedDishonest: "seriously dishonest units",
			sampling.DirectedList: "given list"}[d.Kind]
		zh, en = "定向检查("+DirectedKindName(d.Kind)+")", "directed check ("+enKind+")"
	}
	if partner != "" {
		if d == nil {
			return "跨部门联合抽查(与" + partner + ")", "joint random check (with " + partner + ")"
		}
		return "跨部门联合检查(与" + partner + "," + DirectedKindName(d.Kind) + ")", "joint check (with " + partner + ", " + en + ")"
	}
	return zh, en
}
