package excel

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldAlnum turns full-width ASCII letters and digits (Ａ, ９) into ASCII
// and the ideographic space into a space, trims the ends and drops
// zero-width characters. Chinese punctuation such as （） stays: it is part
// of how names are written.
func foldAlnum(s string) string {
	if isPlainASCII(s) {
		return strings.TrimSpace(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r >= '０' && r <= '９':
			r -= 0xFEE0
		case r == '\u3000' || r == '\u00a0':
			r = ' '
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			continue
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// cleanText is the value of a free-text cell: full-width letters and digits
// folded, runs of white space (including line breaks inside a cell)
// collapsed to one space, ends trimmed.
func cleanText(s string) string {
	if settledText(s) {
		return s // most cells: nothing to fold, trim or collapse
	}
	s = foldAlnum(s)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// foldAll is NFKC plus trimming: for codes, dates, flags, header names and
// names matched against a list, where （ and ( must be the same.
func foldAll(s string) string {
	if isPlainASCII(s) {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' {
			return -1
		}
		return r
	}, norm.NFKC.String(s)))
}

// settledText reports whether cleanText(s) is s: valid UTF-8 without
// full-width letters or digits, zero-width characters or white space
// other than single inner ASCII spaces.
func settledText(s string) bool {
	space := true // at the start, a space would be trimmed
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			continue
		case r >= 0x21 && r < 0x7F:
		case r < 0x80, r == utf8.RuneError, r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r >= '０' && r <= '９',
			r == '\u200b', r == '\u200c', r == '\u200d', r == '\ufeff', unicode.IsSpace(r):
			return false
		}
		space = false
	}
	return !space
}

// keyASCIIHan is key for a string of printable ASCII other than the
// space and CJK unified ideographs (U+4E00–U+9FFF), which NFKC leaves as
// they are (the common case of names, codes and list values); ok is false
// for any other string.
func keyASCIIHan(s string) (k string, ok bool) {
	upper := false
	for _, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 0x21 && r < 0x7F, r >= 0x4E00 && r <= 0x9FFF:
		default:
			return "", false
		}
	}
	if !upper {
		return s, true
	}
	return strings.ToLower(s), true
}

// key is the comparison form of a name: NFKC, no white space, lowercase.
func key(s string) string {
	if k, ok := keyASCIIHan(s); ok {
		return k
	}
	s = foldAll(s)
	if strings.ContainsFunc(s, unicode.IsSpace) {
		s = strings.Join(strings.Fields(s), "")
	}
	return strings.ToLower(s)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var (
	reIntFloat = regexp.MustCompile(`^[0-9]+\.0+$`)
	reSci      = regexp.MustCompile(`^([0-9])(?:\.([0-9]+))?E\+?([0-9]+)$`)
)

// errDigitsLost is returned by normCode for a long code that Excel stored
// as a number, which keeps only 15 significant digits.
type errDigitsLost struct{ raw string }

func (e errDigitsLost) Error() string {
	return fmt.Sprintf("代码被 Excel 存成了数字(%s), 只保留 15 位有效数字, 末尾几位已丢失; 请把该列设为“文本”后重新录入", e.raw)
}

// normCode folds a code: NFKC, no white space, uppercase. A code that
// Excel stored as a number ("130802.0", "1.30802E+5") is recovered when no
// digit was lost; when digits were lost it returns errDigitsLost.
func normCode(s string) (string, error) {
	if !upperAlnum(s) {
		s = strings.ToUpper(key(s))
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return s, nil
	}
	if strings.IndexByte(s, '.') < 0 && strings.IndexByte(s, 'E') < 0 {
		return s, nil // neither form below
	}
	if reIntFloat.MatchString(s) {
		return s[:strings.IndexByte(s, '.')], nil
	}
	if m := reSci.FindStringSubmatch(s); m != nil {
		digits := m[1] + m[2]
		var exp int
		fmt.Sscan(m[3], &exp)
		if exp+1 > 15 || len(digits) > exp+1 {
			return "", errDigitsLost{s}
		}
		n, ok := new(big.Int).SetString(digits+strings.Repeat("0", exp+1-len(digits)), 10)
		if !ok {
			return "", errDigitsLost{s}
		}
		return n.String(), nil
	}
	return s, nil
}

// upperAlnum reports whether s holds only ASCII digits and capital
// letters: the form of most codes, which key and ToUpper leave as it is.
func upperAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// splitList splits a multi-value cell on 、,，;；/ and white space.
func splitList(s string) []string {
	s = foldAll(s)
	if s == "" {
		return nil
	}
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == ';' || r == '/' || r == '|' || unicode.IsSpace(r)
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseYesNo reads 是/否 and its variants; blank gives def.
func parseYesNo(s string, def bool) (bool, error) {
	switch strings.ToLower(key(s)) {
	case "":
		return def, nil
	case "是", "y", "yes", "true", "1", "√", "✓", "有", "对":
		return true, nil
	case "否", "n", "no", "false", "0", "×", "✗", "无", "不是":
		return false, nil
	}
	return false, fmt.Errorf("应填“是”或“否”, 不是 %q", s)
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// distance is the Levenshtein distance between a and b in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// closest returns the candidate nearest to s by edit distance (ties: the
// earlier candidate), or "" when there are none.
func closest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := distance(s, c); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// unknownMsg is the Chinese reason for a value not in a list.
func unknownMsg(what, v string, known []string) string {
	if len(known) == 0 {
		return fmt.Sprintf("未知的%s %q(名录库中还没有任何%s)", what, v, what)
	}
	return fmt.Sprintf("未知的%s %q, 是否为“%s”? 可选: %s", what, v, closest(v, known), strings.Join(known, "、"))
}

func sortStrings(xs []string) { slices.Sort(xs) }
