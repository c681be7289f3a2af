// Package assets holds the files embedded in the shuangsui binary.
package assets

import "embed"

// Demo is the synthetic Chengde demo data set, one template-shaped .xlsx
// per library: demo/counties.xlsx, demo/matters.xlsx, demo/units.xlsx,
// demo/inspectors.xlsx and demo/history.xlsx. It is made by
// TestGenerateDemoData in store/excel and loaded by excel.LoadDemo.
//
//go:embed demo/*.xlsx
var Demo embed.FS
