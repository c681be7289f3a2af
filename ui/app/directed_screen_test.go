package app_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"shuangsui/sampling"
	"shuangsui/store/excel"
	"shuangsui/ui/common"
	"shuangsui/ui/lang"
)

// F2 on Setup cycles through the directed checks and F3 turns a joint
// check on: with no key or dishonest unit left, Setup says there is nothing
// to direct; a list needs its file, reason and source, and then commits a
// frame of exactly the listed units, whose ceremony names the partner.
func TestSetupDirectedAndJoint(t *testing.T) {
	db := fixture(t)
	h := newHarnessAt(t, db, lang.ZH, clock)
	h.fillSetup()
	h.key("f2")
	if v := h.m.View(); !strings.Contains(v, "定向检查(重点单位)") || !strings.Contains(v, "无需定向检查") {
		t.Fatalf("key units:\n%s", v)
	}
	// The fields a directed check does not have are not shown.
	for _, label := range []string{"抽取县(市、区)数", "每县抽取单位数", "抽样方法", "不重复期(月", "范围  "} {
		if v := h.m.View(); strings.Contains(v, label) {
			t.Errorf("a directed check shows %q:\n%s", label, v)
		}
	}
	h.key("f2")
	if v := h.m.View(); !strings.Contains(v, "定向检查(严重失信单位)") || !strings.Contains(v, "无需定向检查") {
		t.Fatalf("dishonest units:\n%s", v)
	}
	h.key("f2")
	if v := h.m.View(); !strings.Contains(v, "定向检查(指定名单)") || !strings.Contains(v, "请填写名单文件") {
		t.Fatalf("list:\n%s", v)
	}
	h.key("f3")
	list := filepath.Join(t.TempDir(), "名单.csv")
	ids := excel.SyntheticUSCC("130802", 1) + "\n" + excel.SyntheticUSCC("130802", 2) + "\n"
	if err := os.WriteFile(list, []byte("统一社会信用代码\n"+ids), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ label, text string }{
		{"联合检查部门", "承德市市场监督管理局"}, {"名单文件", list}, {"定向理由", "企业年报联合抽查"}, {"名单来源", "市场监督管理局提供"},
	} {
		for i := 0; i < 30 && !strings.Contains(h.m.View(), "> "+step.label); i++ {
			h.key("down")
		}
		h.typeText(step.text)
	}
	h.toButton()
	if v := h.m.View(); !strings.Contains(v, "合格单位 2 个") || !strings.Contains(v, "OK 可以固定名录库") || !regexp.MustCompile(`联合检查部门 +承德市市场监督管理局`).MatchString(v) {
		t.Fatalf("the list's frame:\n%s", v)
	}
	if v := h.m.View(); strings.Contains(v, "抽取县(市、区)数") || !strings.Contains(v, "每组组员数") {
		t.Errorf("the list's form:\n%s", v)
	}
	h.key("enter")
	h.expectPage(common.PageCommit)
	if v := h.m.View(); !strings.Contains(v, "名录中 2 个单位全部检查") {
		t.Fatalf("the commit screen does not name the directed check:\n%s", v)
	}
	cs, err := db.Ceremonies()
	if err != nil || len(cs) != 1 {
		t.Fatalf("ceremonies %v %v", cs, err)
	}
	steps, err := db.Steps(cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	_, f, _, err := sampling.DecodeCommit(steps[0].Payload)
	if err != nil || f.Partner != "承德市市场监督管理局" || f.Directed == nil || f.Directed.Kind != "list" ||
		f.Directed.Source != "市场监督管理局提供(名单.csv)" || len(f.Units) != 2 {
		t.Fatalf("frame: %+v %q %d %v", f.Directed, f.Partner, len(f.Units), err)
	}
}
