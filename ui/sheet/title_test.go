package sheet

import (
	"testing"

	"shuangsui/sampling"
	"shuangsui/ui/lang"
)

// TestTitleNamesTheKindOfCheck: without a title of its own a record's
// sheet is titled by its kind: an ordinary draw, a directed check, a
// joint check (the partner named beside the organisation), in Chinese and
// in English; a title given in the record is kept.
func TestTitleNamesTheKindOfCheck(t *testing.T) {
	info := sampling.Info{Organisation: "承德市统计局"}
	key := &sampling.Directed{Kind: sampling.DirectedKey}
	for _, tt := range []struct {
		info  sampling.Info
		frame sampling.Frame
		l     lang.Lang
		want  string
	}{
		{info, sampling.Frame{}, lang.ZH, "承德市统计局“双随机、一公开”随机抽取见证记录"},
		{info, sampling.Frame{Directed: key}, lang.ZH, "承德市统计局重点单位定向检查见证记录"},
		{info, sampling.Frame{Directed: key, Partner: "承德市市场监督管理局"}, lang.ZH, "承德市统计局、承德市市场监督管理局跨部门联合抽查见证记录"},
		{info, sampling.Frame{Partner: "承德市市场监督管理局"}, lang.EN, "承德市统计局 and 承德市市场监督管理局 — joint check record (跨部门联合抽查)"},
		{info, sampling.Frame{Directed: key}, lang.EN, "承德市统计局 — directed check record (定向检查: 重点单位)"},
		{sampling.Info{}, sampling.Frame{}, lang.EN, "Witnessed random draw record (“双随机、一公开”)"},
		{sampling.Info{Organisation: "x", Title: "自定标题"}, sampling.Frame{Partner: "y"}, lang.ZH, "自定标题"},
	} {
		if got := title(tt.info, tt.frame, tt.l); got != tt.want {
			t.Errorf("%+v %q %v: %q, want %q", tt.frame.Directed, tt.frame.Partner, tt.l, got, tt.want)
		}
	}
}
