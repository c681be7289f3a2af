package store

import (
	"strings"
	"testing"
)

func TestUSCCExplainsEveryFailure(t *testing.T) {
	// Valid codes made with USCCCheckChar, plus a published example whose
	// check digit is known independently (GB 32100-2015 worked example
	// pattern: 91350100M000100Y43).
	gen := func(body string) string {
		c, err := USCCCheckChar(body)
		if err != nil {
			t.Fatal(err)
		}
		return body + string(c)
	}
	tests := []struct {
		code string
		bad  string // fragment of the error, "" = valid
	}{
		{"91350100M000100Y43", ""},
		{gen("91130802MA0A00001"), ""},
		{gen("12130800000000000"), ""},
		{gen("92130821MA0XY0000"), ""},
		{"91350100M000100Y44", "校验码错误"},
		{"91350100m000100Y43", "小写"},
		{"91350100M000100Y4", "18 位"},
		{"91350100M000100Y433", "18 位"},
		{"", "18 位"},
		{"91350100I000100Y43", "I、O、Z、S、V"},
		{"91350100O000100Y43", "I、O、Z、S、V"},
		{"91350100Z000100Y43", "I、O、Z、S、V"},
		{"91350100S000100Y43", "I、O、Z、S、V"},
		{"91350100V000100Y43", "I、O、Z、S、V"},
		{"91350100-000100Y43", "允许的字符"},
		{"91350100Ｍ000100Y43", "允许的字符"},
	}
	for _, tt := range tests {
		err := CheckUSCC(tt.code)
		switch {
		case tt.bad == "" && err != nil:
			t.Errorf("CheckUSCC(%q) = %v, want valid", tt.code, err)
		case tt.bad != "" && err == nil:
			t.Errorf("CheckUSCC(%q) valid, want error containing %q", tt.code, tt.bad)
		case tt.bad != "" && !strings.Contains(err.Error(), tt.bad):
			t.Errorf("CheckUSCC(%q) = %v, want %q", tt.code, err, tt.bad)
		}
	}
	// Every single-character change of a valid code is caught.
	good := gen("91130802MA0A00001")
	for i := 0; i < 18; i++ {
		for _, r := range USCCAlphabet {
			if byte(r) == good[i] {
				continue
			}
			mut := good[:i] + string(r) + good[i+1:]
			if CheckUSCC(mut) == nil {
				t.Fatalf("single change at %d (%q) not detected", i+1, mut)
			}
		}
	}
}
