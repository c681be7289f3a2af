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

// USCCAlphabet is the 31-character alphabet of the unified social credit
// code (GB 32100-2015): digits and capital letters without I, O, Z, S, V;
// a character's value is its index.
const USCCAlphabet = usccAlphabet

// usccWeights are 3^(i-1) mod 31 for positions i = 1..17.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// USCCCheckChar returns the check character of the first 17 characters of
// a unified social credit code: (31 − Σ value×weight mod 31) mod 31.
func USCCCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("统一社会信用代码本体应为 17 位, 实为 %d 位", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("第 %d 位 %q 不是统一社会信用代码允许的字符", i+1, first17[i])
		}
		sum += v * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31], nil
}

// CheckUSCC says, in Chinese, why code is not a valid unified social credit
// code (length, a character outside the alphabet and at which position, or
// the check character GB 32100-2015 asks for), or returns nil. It does not
// fold case: ids are normalised before they are checked.
func CheckUSCC(code string) error {
	if n := len([]rune(code)); n != 18 {
		return fmt.Errorf("统一社会信用代码应为 18 位, 实为 %d 位", n)
	}
	for i := 0; i < 18; i++ {
		if c := code[i]; strings.IndexByte(usccAlphabet, c) < 0 {
			switch {
			case c >= 'a' && c <= 'z':
				return fmt.Errorf("第 %d 位 %q 是小写字母", i+1, c)
			case c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V':
				return fmt.Errorf("第 %d 位 %q 不在统一社会信用代码字符集内(不用 I、O、Z、S、V)", i+1, c)
			default:
				return fmt.Errorf("第 %d 位 %q 不是统一社会信用代码允许的字符", i+1, c)
			}
		}
	}
	want, err := USCCCheckChar(code[:17])
	if err != nil {
		return err
	}
	if code[17] != want {
		return fmt.Errorf("校验码错误: 第 18 位是 %c, 按 GB 32100-2015 应为 %c", code[17], want)
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

// CheckDate checks that s is a date written YYYY-MM-DD; what names the
// date in the error, as in "抽取日期 "2026-11-31" 不是 YYYY-MM-DD 格式的日期".
func CheckDate(what, s string) error { return checkDate(what, s, false) }

func checkDate(what, s string, optional bool) error {
	if s == "" && optional {
		return nil
	}
	if _, err := time.Parse(dateLayout, s); err != nil {
		return fmt.Errorf("%s %q 不是 YYYY-MM-DD 格式的日期", what, s)
	}
	return nil
}
