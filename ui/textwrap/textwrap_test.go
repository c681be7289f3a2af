package textwrap

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestWrapLines: lines never pass the width; English breaks at spaces;
// Chinese breaks between characters but not before closing punctuation;
// a kept name and "等" after a no-break space stay whole; a number stays
// with the Chinese word beside it; continuation lines take the hanging
// indent; nothing is lost.
func TestWrapLines(t *testing.T) {
	for _, c := range []struct {
		text      string
		w, indent int
		want      []string
	}{
		{text: "going back abandons the ceremony (with a reason).", w: 20,
			want: []string{"going back abandons", "the ceremony (with a", "reason)."}},
		{text: "! 5 名检查人员执法证已过期: " + Keep("吴宇") + "、" + Keep("徐芳志") + "、" + Keep("谢飞浩") + "、" + Keep("吴梅") + string(nbsp) + "等", w: 42, indent: 2,
			want: []string{"! 5 名检查人员执法证已过期: 吴宇、徐芳志、", "  谢飞浩、吴梅 等"}},
		{text: "  - 双桥区(130802):可任组长的执法人员只有 2 名,最坏情况下需要 4 名,差 2 名", w: 40, indent: 4,
			want: []string{"  - 双桥区(130802):可任组长的执法人员只", "    有 2 名,最坏情况下需要 4 名,差 2 名"}},
		{text: "有合格单位的县(市、区)只有 4 个,需要 9 个", w: 18,
			want: []string{"有合格单位的县", "(市、区)只有 4 个,", "需要 9 个"}},
		{text: "0123456789abcdef", w: 6, indent: 2,
			want: []string{"012345", "  6789", "  abcd", "  ef"}},
	} {
		got := Lines(c.text, c.w, c.indent)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Lines(%q, %d, %d)\n got %q\nwant %q", c.text, c.w, c.indent, got, c.want)
		}
		for _, l := range got {
			if ansi.StringWidth(l) > c.w {
				t.Errorf("line %q wider than %d", l, c.w)
			}
			if strings.ContainsAny(l, string(wj)+string(nbsp)) {
				t.Errorf("line %q keeps a joiner or a no-break space", l)
			}
		}
	}
}
