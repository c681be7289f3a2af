package workdays

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseOverrides(t *testing.T) {
	in := "\uFEFF# 2027 年安排（示例，非官方）\r\n" +
		"2027 完整 国务院办公厅关于2027年部分节假日安排的通知\r\n" +
		"\r\n" +
		"2027-01-01 休 元旦   # 周五\r\n" +
		"2027-2-6\u3000班\u3000春节\r\n" + // full-width spaces, no zero padding
		"2027-02-07 上班\r\n" +
		"2028-01-01 放假 元旦 新年\r\n"
	o, err := ParseOverrides(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Overrides{Years: map[int]YearOverride{
		2027: {Complete: true, Source: "国务院办公厅关于2027年部分节假日安排的通知", Days: []Entry{
			{Date: d(2027, 1, 1), Workday: false, Name: "元旦", Line: 4},
			{Date: d(2027, 2, 6), Workday: true, Name: "春节", Line: 5},
			{Date: d(2027, 2, 7), Workday: true, Name: "", Line: 6},
		}},
		2028: {Days: []Entry{{Date: d(2028, 1, 1), Workday: false, Name: "元旦 新年", Line: 7}}},
	}}
	if !reflect.DeepEqual(o, want) {
		t.Errorf("ParseOverrides:\n got %+v\nwant %+v", o, want)
	}

	// Text round-trips (Line numbers are those of the new text).
	text := o.Text()
	wantText := "2027 完整 国务院办公厅关于2027年部分节假日安排的通知\n" +
		"2027-01-01 休 元旦\n2027-02-06 班 春节\n2027-02-07 班\n\n2028-01-01 休 元旦 新年\n"
	if text != wantText {
		t.Errorf("Text():\n%s\nwant:\n%s", text, wantText)
	}
	o2, err := ParseOverrides(strings.NewReader(text))
	if err != nil {
		t.Fatalf("re-parse of Text(): %v", err)
	}
	if o2.Text() != text {
		t.Errorf("round trip changed the text:\n%s", o2.Text())
	}
}

func TestParseOverridesEmpty(t *testing.T) {
	o, err := ParseOverrides(strings.NewReader("# 尚无覆盖\n\n"))
	if err != nil || len(o.Years) != 0 {
		t.Errorf("empty file: %+v, %v", o, err)
	}
}

func TestParseOverridesErrors(t *testing.T) {
	tests := []struct {
		in   string
		want []string // every fragment must appear in the error
	}{
		{"2027-13-01 休\n", []string{"第 1 行", "2027-13-01", "不存在"}},
		{"2027-02-30 休\n", []string{"第 1 行", "不存在"}},
		{"2027/01/01 休\n", []string{"第 1 行", "无法识别", "2027/01/01"}},
		{"2027-01-01\n", []string{"第 1 行", "缺少「休」或「班」"}},
		{"2027-01-01 假\n", []string{"第 1 行", "「假」无法识别"}},
		{"2027 完整\n", []string{"第 1 行", "2027 完整 通知名称"}},
		{"2027 全年 某通知\n", []string{"第 1 行", "年份行应写作"}},
		{"1999-01-01 休\n", []string{"第 1 行", "超出范围"}},
		{"\n2027-01-01 休\n# x\n2027-1-1 班\n", []string{"第 4 行", "2027-01-01 已在第 2 行出现"}},
		{"2027 完整 甲\n2027 完整 乙\n", []string{"第 2 行", "已在第 1 行声明"}},
		// All bad lines are reported, not only the first.
		{"2027-01-01 休\nfoo\n2027-01-02 x\n", []string{"第 2 行", "「foo」", "第 3 行", "「x」"}},
	}
	for _, tt := range tests {
		_, err := ParseOverrides(strings.NewReader(tt.in))
		if err == nil {
			t.Errorf("%q: no error", tt.in)
			continue
		}
		for _, frag := range tt.want {
			if !strings.Contains(err.Error(), frag) {
				t.Errorf("%q: error %q lacks %q", tt.in, err, frag)
			}
		}
	}
}

func TestOverridesTextNormalisesDates(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	o := Overrides{Years: map[int]YearOverride{2030: {Days: []Entry{
		{Date: time.Date(2030, 10, 1, 0, 0, 0, 0, cst), Name: "国庆节"},
	}}}}
	if got, want := o.Text(), "2030-10-01 休 国庆节\n"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
}
