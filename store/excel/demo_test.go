package excel

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"shuangsui/store"
)

// demoDir is where the demo files live, relative to this package.
const demoDir = "../../assets/demo"

// demoData generates the synthetic Chengde data set: rows per kind in
// template column order. It is deterministic: a fixed PCG seed, no clock.
// Every name is invented; every USCC is synthetic (see SyntheticUSCC).
func demoData() map[Kind][][]string {
	rng := rand.New(rand.NewPCG(2026, 1105))
	out := map[Kind][][]string{}
	for _, c := range ChengdeCounties {
		out[Counties] = append(out[Counties], []string{c.Code, c.Name, "是"})
	}

	basis := "《中华人民共和国统计法》第七条、第二十一条、第三十三条;《中华人民共和国统计法实施条例》第二十条、第二十九条"
	matters := [][]string{
		{"SJ-001", "调查对象依法建立原始记录、统计台账和统计资料管理制度执行情况", basis, "承德市统计局",
			"调查单位执行统计制度、建立原始记录、统计台账、统计资料管理情况", "双随机抽查", "市统计局法规科", "综合", "", "每年2次", "不低于5%", "2021-01-05", "否"},
		{"SJ-002", "调查对象依法提供统计资料情况", "《中华人民共和国统计法》第七条、第三十七条、第四十一条", "承德市统计局",
			"调查单位是否按照统计调查制度真实、准确、完整、及时提供统计资料, 有无拒绝、迟报统计资料情况", "双随机抽查", "市统计局法规科", "综合", "", "每年2次", "不低于5%", "2021-01-05", "否"},
		{"SJ-003", "统计数据质量情况", "《中华人民共和国统计法》第六条、第四十一条;《防范和惩治统计造假、弄虚作假督察工作规定》", "承德市统计局",
			"调查单位统计数据与原始记录、统计台账、财务资料是否一致, 有无虚报、瞒报、伪造、篡改统计资料", "双随机抽查", "市统计局法规科", "综合", "", "每年2次", "不低于5%", "2021-01-05", "否"},
		{"SJ-004", "规模以上工业企业执行统计调查制度情况", "《中华人民共和国统计法》第七条;《工业统计报表制度》", "承德市统计局",
			"工业产值、主要产品产量、能源消费等指标的统计调查制度执行情况", "双随机抽查", "市统计局工业科", "工业", "规上工业", "每年1次", "不低于5%", "2022-01-10", "否"},
		{"SJ-005", "限额以上批零住餐企业执行统计调查制度情况", "《中华人民共和国统计法》第七条;《批发和零售业统计报表制度》《住宿和餐饮业统计报表制度》", "承德市统计局",
			"商品销售额、营业额等指标的统计调查制度执行情况", "双随机抽查", "市统计局贸易外经科", "贸易", "限上批零住餐", "每年1次", "不低于5%", "2022-01-10", "否"},
	}
	out[Matters] = matters

	// Units: county weights roughly follow economic size.
	weights := []int{14, 8, 3, 9, 8, 9, 9, 8, 8, 9, 7, 8}
	cats := []struct {
		name, word string
		w          int
	}{
		{"规上工业", "制造", 32}, {"限上批零住餐", "商贸", 24}, {"规上服务业", "服务", 16}, {"资质内建筑业", "建设工程", 10},
		{"房地产开发", "房地产开发", 6}, {"投资项目", "项目建设", 7}, {"其他", "实业", 5},
	}
	syll := []rune("安宝昌晨达鼎丰福广瀚和恒宏华嘉坤朗力隆茂铭宁鹏奇瑞盛泰通旺欣鑫兴旭雅耀益永裕泽正志众卓")
	kinds := map[string][]string{
		"规上工业": {"机械", "矿业", "建材", "食品", "钒钛", "纺织", "化工", "电子"}, "限上批零住餐": {"商贸", "超市", "酒店", "餐饮", "汽车销售", "医药"},
		"规上服务业": {"物流", "科技", "信息技术", "旅游", "物业服务"}, "资质内建筑业": {"建筑工程", "路桥建设", "安装工程"},
		"房地产开发": {"房地产开发"}, "投资项目": {"新能源", "项目管理"}, "其他": {"实业", "农业开发"},
	}
	short := func(name string) string {
		for _, suf := range []string{"满族蒙古族自治县", "满族自治县", "技术产业开发区", "矿区", "县", "区", "市"} {
			if s, ok := strings.CutSuffix(name, suf); ok {
				return s
			}
		}
		return name
	}
	pickW := func(ws []int) int {
		total := 0
		for _, w := range ws {
			total += w
		}
		n := rng.IntN(total)
		for i, w := range ws {
			if n < w {
				return i
			}
			n -= w
		}
		return len(ws) - 1
	}
	catW := make([]int, len(cats))
	for i, c := range cats {
		catW[i] = c.w
	}
	names := map[string]bool{}
	var ids []string
	unitCounty := map[string]string{}
	for n := 0; n < 2400; n++ {
		c := ChengdeCounties[pickW(weights)]
		cat := cats[pickW(catW)]
		var name string
		for {
			word := string([]rune{syll[rng.IntN(len(syll))], syll[rng.IntN(len(syll))]})
			ks := kinds[cat.name]
			name = "承德" + short(c.Name) + word + ks[rng.IntN(len(ks))] + "有限公司"
			if !names[name] {
				break
			}
		}
		names[name] = true
		id := SyntheticUSCC(c.Code, 100000+n*37)
		ids = append(ids, id)
		unitCounty[id] = c.Code
		key, from, to, status := "否", "", "", "正常"
		if rng.IntN(100) < 4 {
			key = "是"
		}
		if rng.IntN(100) < 2 {
			from = fmt.Sprintf("%d-%02d-%02d", 2023+rng.IntN(3), 1+rng.IntN(12), 1+rng.IntN(28))
			if rng.IntN(3) == 0 {
				to = fmt.Sprintf("%d-%02d-%02d", 2026, 1+rng.IntN(9), 1+rng.IntN(28))
			}
		}
		switch r := rng.IntN(1000); {
		case r < 15:
			status = "关闭"
		case r < 20:
			status = "注销"
		}
		out[Units] = append(out[Units], []string{id, name, c.Name, cat.name, fmt.Sprintf("承德市%s示例路%d号", c.Name, 1+rng.IntN(300)),
			fmt.Sprintf("0314-%07d", rng.IntN(10000000)), "是", key, from, to, status, "否", "", "", ""})
	}

	// History: about 15% of units inspected in 2023–2025.
	for _, id := range ids {
		if rng.IntN(100) >= 15 {
			continue
		}
		d := fmt.Sprintf("%d-%02d-%02d", 2023+rng.IntN(3), 3+rng.IntN(9), 1+rng.IntN(28))
		m := matters[rng.IntN(3)][0]
		out[History] = append(out[History], []string{id, "", d, m, "import"})
	}
	unitName := map[string]string{}
	for _, u := range out[Units] {
		unitName[u[0]] = u[1]
	}
	for _, h := range out[History] {
		h[1] = unitName[h[0]]
	}
	slices.SortFunc(out[History], func(a, b []string) int { return strings.Compare(a[2]+a[0], b[2]+b[0]) })

	// Inspectors.
	surnames := []rune("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
	given := []rune("文明华建国志红丽静敏磊洋勇军杰涛超芳娜秀英慧颖晓宁浩宇鹏飞雪梅春立新海")
	sections := []struct{ dept, spec string }{
		{"市统计局法规科", "综合"}, {"市统计局工业科", "工业"}, {"市统计局贸易外经科", "贸易"}, {"市统计局服务业科", "服务业"},
		{"市统计局投资科", "投资"}, {"市统计局综合科", "综合"}, {"市统计局建筑房地产科", "建筑业"},
	}
	countySpecs := []string{"工业", "贸易", "服务业", "建筑业", "房地产", "投资", "综合"}
	seenName := map[string]bool{}
	for n := 0; n < 60; n++ {
		var name string
		for {
			name = string(surnames[rng.IntN(len(surnames))]) + string(given[rng.IntN(len(given))])
			if rng.IntN(2) == 0 {
				name += string(given[rng.IntN(len(given))])
			}
			if !seenName[name] {
				break
			}
		}
		seenName[name] = true
		var dept, home, spec string
		if n < 16 {
			s := sections[n%len(sections)]
			dept, spec = s.dept, s.spec
		} else {
			c := ChengdeCounties[n%len(ChengdeCounties)]
			dept, home, spec = c.Name+"统计局", c.Name, countySpecs[rng.IntN(len(countySpecs))]
		}
		specs := []string{spec}
		if spec != "综合" && rng.IntN(100) < 60 {
			specs = append(specs, "综合")
		}
		valid := fmt.Sprintf("%d-12-31", 2027+rng.IntN(4))
		if n%13 == 5 {
			valid = fmt.Sprintf("2026-%02d-30", 3+rng.IntN(6)) // expired before the 2026-11 round
		}
		leader := yesNo(n < 16 && n%2 == 0 || rng.IntN(100) < 15)
		var cc, cu []string
		if n%11 == 3 {
			cc = append(cc, ChengdeCounties[rng.IntN(len(ChengdeCounties))].Name)
		}
		if n%17 == 7 {
			cu = append(cu, ids[rng.IntN(len(ids))])
		}
		training := fmt.Sprintf("2025-%02d-%02d 1天 “双随机、一公开”监管实务", 3+rng.IntN(3), 1+rng.IntN(28))
		in2026 := rng.IntN(2) == 0
		if in2026 {
			training += fmt.Sprintf("; 2026-%02d-%02d 1天 统计法律法规与执法程序", 3+rng.IntN(6), 1+rng.IntN(28))
		}
		// Most inspectors reach the 2 days a year of the training plan; every
		// sixth does not, so the warning on the home screen has something to say.
		if n%6 != 5 {
			training += fmt.Sprintf("; 2026-09-%02d 1天 “双随机、一公开”监管实务", 1+n%27)
			if !in2026 {
				training += fmt.Sprintf("; 2026-10-%02d 1天 执法文书与证据规范", 10+n%18)
			}
		}
		out[Inspectors] = append(out[Inspectors], []string{fmt.Sprintf("1308%07d", 1001+n*13), name, dept, home, strings.Join(specs, "、"), leader, valid, "是",
			strings.Join(cc, "、"), strings.Join(cu, "、"), training})
	}
	return out
}

// TestGenerateDemoData rewrites assets/demo when SHUANGSUI_REGEN_DEMO=1;
// otherwise it checks that the committed files hold exactly what the
// generator makes, and that they load into a fresh database.
func TestGenerateDemoData(t *testing.T) {
	data := demoData()
	if os.Getenv("SHUANGSUI_REGEN_DEMO") == "1" {
		for _, k := range Kinds {
			if err := writeRows(k, filepath.Join(demoDir, string(k)+".xlsx"), data[k]); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, k := range Kinds {
		f, err := excelize.OpenFile(filepath.Join(demoDir, string(k)+".xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows(k.Title())
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := data[k]
		if len(rows)-1 != len(want) {
			t.Fatalf("%s: %d rows committed, generator makes %d; run SHUANGSUI_REGEN_DEMO=1 go test ./store/excel -run TestGenerateDemoData", k, len(rows)-1, len(want))
		}
		for i, r := range rows[1:] {
			for len(r) < len(want[i]) {
				r = append(r, "")
			}
			if !slices.Equal(r, want[i]) {
				t.Fatalf("%s row %d: committed %q, generator %q; regenerate", k, i+2, r, want[i])
			}
		}
	}
	db := openDBEmpty(t)
	if err := LoadDemo(db); err != nil {
		t.Fatal(err)
	}
	cs, _ := db.Counties()
	ins, _ := db.Inspectors()
	ms, _ := db.Matters()
	units, key, dishonest, closed := 0, 0, 0, 0
	db.EachUnit(func(u store.Unit) error {
		units++
		if u.Key {
			key++
		}
		if u.DishonestFrom != "" {
			dishonest++
		}
		if u.Status != store.StatusActive {
			closed++
		}
		return nil
	})
	hist := 0
	db.EachInspection(func(store.Inspection) error { hist++; return nil })
	t.Logf("demo: %d counties, %d matters, %d units (%d key, %d dishonest, %d closed), %d inspectors, %d inspections",
		len(cs), len(ms), units, key, dishonest, closed, len(ins), hist)
	if len(cs) != 12 || len(ms) != 5 || units != 2400 || len(ins) != 60 || hist < 200 || key == 0 || dishonest == 0 || closed == 0 {
		t.Fatal("demo data set is not what it should be")
	}
}

func openDBEmpty(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
