// Package lang chooses between the two languages of every screen and
// printout: Chinese (the default) and English.
package lang

import "strings"

// Lang is a display language.
type Lang string

const (
	ZH Lang = "zh" // 中文, the default
	EN Lang = "en"
)

// Parse reads a --lang value; anything but English means Chinese.
func Parse(s string) Lang {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "en") {
		return EN
	}
	return ZH
}

// T returns the text in the chosen language. Texts sit beside the code
// that shows them, as a Chinese and an English pair.
func (l Lang) T(zh, en string) string {
	if l == EN {
		return en
	}
	return zh
}
