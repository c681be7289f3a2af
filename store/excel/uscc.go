package excel

import (
	"fmt"
	"strings"
)

// usccAlphabet is the 31-character alphabet of the unified social credit
// code (GB 32100-2015): digits and capital letters without I, O, Z, S, V.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

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

// CheckUSCC reports why code is not a valid unified social credit code, in
// Chinese, or nil. It does not fold case: callers normalise first.
func CheckUSCC(code string) error {
	if n := len([]rune(code)); n != 18 {
		return fmt.Errorf("统一社会信用代码应为 18 位, 实为 %d 位", n)
	}
	for i := 0; i < 18; i++ {
		if strings.IndexByte(usccAlphabet, code[i]) < 0 {
			c := code[i]
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
