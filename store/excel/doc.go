// Package excel moves the libraries (名录库) in and out of spreadsheets.
//
// It writes import templates (template.go), imports .xlsx and .csv files
// into the store (import.go), estimates a file's rows for progress bars
// without loading it (estimate.go), exports the libraries (export.go) and loads
// the Chengde demo data set (demo.go).
//
// An import is all-or-nothing: the file is streamed once, row by row, inside
// one store write transaction; every bad row is collected with its row
// number, column and a Chinese reason, and if any row is bad the
// transaction is rolled back, so nothing is written. With SkipInvalid the
// valid rows are written and the bad ones reported.
//
// Real files are messy: the importer finds the sheet and the header row
// (title rows above it, Chinese or English header names and their common
// variants), folds full-width letters, digits and spaces, uppercases codes,
// recovers codes that Excel stored as numbers when no digit was lost, skips
// blank rows, ignores extra columns, reads dates as Excel serials or text,
// checks USCC check digits (GB 32100-2015, uscc.go) and suggests the closest
// known name for an unknown county, category or specialty.
package excel
