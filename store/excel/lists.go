package excel

import (
	"slices"

	"shuangsui/store"
)

func defaultCategories() []string  { return slices.Clone(store.DefaultCategories) }
func defaultSpecialties() []string { return slices.Clone(store.DefaultSpecialties) }

// ChengdeCounties are the county-level divisions of Chengde (承德市) with
// their GB/T 2260 codes, plus the high-tech zone, which has no GB/T 2260
// code: 130871 is a local code used by this program only.
var ChengdeCounties = []store.County{
	{Code: "130802", Name: "双桥区", Active: true},
	{Code: "130803", Name: "双滦区", Active: true},
	{Code: "130804", Name: "鹰手营子矿区", Active: true},
	{Code: "130821", Name: "承德县", Active: true},
	{Code: "130822", Name: "兴隆县", Active: true},
	{Code: "130824", Name: "滦平县", Active: true},
	{Code: "130825", Name: "隆化县", Active: true},
	{Code: "130826", Name: "丰宁满族自治县", Active: true},
	{Code: "130827", Name: "宽城满族自治县", Active: true},
	{Code: "130828", Name: "围场满族蒙古族自治县", Active: true},
	{Code: "130871", Name: "承德高新技术产业开发区", Active: true}, // local code, not GB/T 2260
	{Code: "130881", Name: "平泉市", Active: true},
}
