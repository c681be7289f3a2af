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
// valid rows are written and the bad ones reported. A sheet counts as read
// only once its XML has been proved sound to its end (sheetxml.go:
// excelize stops silently at damage); a CSV is read with strict quotes
// and every field checked against its encoding; a control character in
// any cell refuses the file.
//
// Every sheet whose header is recognised is imported (one sheet per county
// is common), duplicates found across sheets; sheets with content but no
// header are named in Report.Warnings, instruction sheets (说明) skipped.
// Options.Columns (ParseColumns, --columns; GuessHeader and PickColumn for
// the import screen) names the file's column for a field. Report.Sources
// says which column fed each field; unit columns the file lacks keep the
// library's values (Report.Kept).
//
// Real files are messy: the importer finds the sheet and the header row
// (title rows above it, Chinese or English header names and their common
// variants), folds full-width letters, digits and spaces, uppercases codes,
// recovers codes that Excel stored as numbers when no digit was lost, skips
// blank rows, ignores extra columns, reads dates as Excel serials or text,
// checks USCC check digits (GB 32100-2015, uscc.go), reads counties with a
// province or city in front and 9- or 12-digit division codes, formal
// category names, and suggests the closest known name for an unknown
// county (from the end of the text), category or specialty.
package excel
