package excel

import (
	"testing"

	"shuangsui/store"
)

func TestLowercaseCodesPassAfterNormalisation(t *testing.T) {
	if c, err := normCode("91350100m000100y43"); err != nil || store.CheckUSCC(c) != nil {
		t.Errorf("normCode(lowercase) = %q, %v", c, err)
	}
}
