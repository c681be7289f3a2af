package layout

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var table = [][]string{
	{"统一社会信用代码", "单位名称", "县(市、区)", "单位类别"},
	{"91130802MA0005FTKY", "某公司", "双桥区", "规上工业"},
	{"91130802MA000659C6", "某医药", "双桥区"}, // a short row
}

func TestApply(t *testing.T) {
	l, err := Parse([]byte("\uFEFF# 省平台检查对象模板\r\n企业名称 = 单位名称\r\n统一社会信用代码\r\n\r\n登记机关＝“承德市统计局”\r\n行业 = 单位类别\r\n备注 = \"\"\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := l.Apply(table)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"企业名称", "统一社会信用代码", "登记机关", "行业", "备注"},
		{"某公司", "91130802MA0005FTKY", "承德市统计局", "规上工业", ""},
		{"某医药", "91130802MA000659C6", "承德市统计局", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
}

// A clerk's mistakes are named with their line.
func TestParseAndApplyErrors(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", "没有任何列"},
		{"# 只有注释\n", "没有任何列"},
		{"= 单位名称\n", "第 1 行"},
		{"企业名称 =\n", "等号右边"},
		{"企业名称 = 单位名称\n企业名称 = 统一社会信用代码\n", "第 2 行: 表头 \"企业名称\" 与第 1 行重复"},
		{"\xff\xfe企业名称\n", "不是 UTF-8"},
	} {
		if _, err := Parse([]byte(tc.text)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want %q", tc.text, err, tc.want)
		}
	}
	l, err := Parse([]byte("企业名称 = 单位名字\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Apply(table); err == nil || !strings.Contains(err.Error(), "没有这一列") || !strings.Contains(err.Error(), "单位名称") {
		t.Errorf("unknown column: %v", err)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "布局.txt")
	if err := os.WriteFile(p, []byte("企业名称 = 单位名称\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if l, err := Load(p); err != nil || len(l.Columns) != 1 || l.Name != p {
		t.Fatalf("%+v %v", l, err)
	}
	big := filepath.Join(dir, "大.txt")
	if err := os.WriteFile(big, []byte(strings.Repeat("a\n", MaxSize)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "超过") {
		t.Errorf("a big file: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "无.txt")); err == nil {
		t.Error("a missing file passed")
	}
}
