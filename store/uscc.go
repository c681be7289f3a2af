package store

import (
	"fmt"
	"strings"
	"time"
)

// usccAlphabet is the character set of the unified social credit code
// (统一社会信用代码, GB 32100-2015); a character's value is its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// LooksLikeUSCC reports whether id has the shape of a unified social credit
// code: 18 characters, all from the GB 32100-2015 alphabet. Unit ids of
// another shape are "other unique codes" and are not checked.
func LooksLikeUSCC(id string) bool {
	if len(id) != 18 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if strings.IndexByte(usccAlphabet, id[i]) < 0 {
			return false
		}
	}
	return true
}

// CheckUSCC verifies the check digit of an 18-character USCC: with weights
// 3^(i-1) mod 31 for positions 1..17, check = (31 − Σ mod 31) mod 31.
func CheckUSCC(id string) error {
	if !LooksLikeUSCC(id) {
		return fmt.Errorf("%q 不是 18 位统一社会信用代码", id)
	}
	sum, w := 0, 1
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, id[i]) * w
		w = w * 3 % 31
	}
	want := usccAlphabet[(31-sum%31)%31]
	if id[17] != want {
		return fmt.Errorf("统一社会信用代码 %s 校验位应为 %c", id, want)
	}
	return nil
}

// NormalizeUnitID is how a unit id enters the library: spaces trimmed,
// ASCII letters upper-cased.
func NormalizeUnitID(id string) string {
	return strings.ToUpper(strings.TrimSpace(id))
}

// frameField refuses the characters that sampling.Frame.Canonical refuses.
func frameField(what, s string) error {
	if strings.ContainsAny(s, "\t\r\n") {
		return fmt.Errorf("%s %q 含有制表符或换行", what, s)
	}
	return nil
}

func frameList(what string, xs []string) error {
	for _, x := range xs {
		if err := frameField(what, x); err != nil {
			return err
		}
		if strings.Contains(x, ",") {
			return fmt.Errorf("%s %q 含有逗号", what, x)
		}
	}
	return nil
}

// keyField refuses empty keys and the 0x00 byte that separates key parts.
func keyField(what, s string) error {
	if s == "" {
		return fmt.Errorf("%s为空", what)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%s %q 含有 NUL 字符", what, s)
	}
	return nil
}

const dateLayout = "2006-01-02"

func checkDate(what, s string, optional bool) error {
	if s == "" && optional {
		return nil
	}
	if _, err := time.Parse(dateLayout, s); err != nil {
		return fmt.Errorf("%s %q 不是 YYYY-MM-DD 格式的日期", what, s)
	}
	return nil
}
