// Package lang chooses between the two languages of every screen and
// printout: Chinese (the default) and English.
package lang

import (
	"fmt"
	"strings"
)

// Lang is a display language.
type Lang string

const (
	ZH Lang = "zh" // 中文, the default
	EN Lang = "en"
)

// Parse reads a --lang value: zh or en, also as a locale such as zh_CN or
// en_US.UTF-8. Anything else is an error naming the value.
func Parse(s string) (Lang, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for _, l := range []Lang{ZH, EN} {
		if v == string(l) || strings.HasPrefix(v, string(l)+"_") || strings.HasPrefix(v, string(l)+"-") {
			return l, nil
		}
	}
	return ZH, fmt.Errorf("不支持的界面语言 %q, 可选 zh 或 en (unsupported language %q: use zh or en)", s, s)
}

// T returns the text in the chosen language. Texts sit beside the code
// that shows them, as a Chinese and an English pair.
func (l Lang) T(zh, en string) string {
	if l == EN {
		return en
	}
	return zh
}
