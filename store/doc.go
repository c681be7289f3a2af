// Package store keeps shuangsui's data in one bbolt file: the county,
// unit and inspector libraries, the versioned list of spot-check matters,
// the inspection history, editable settings, and every ceremony as an
// append-only, hash-chained log of steps.
//
// # File
//
// DefaultPath is os.UserConfigDir()/shuangsui/shuangsui.db (for example
// ~/.config/shuangsui/shuangsui.db on Linux, %AppData%\shuangsui\shuangsui.db
// on Windows). Open creates the directory with mode 0700 and the file with
// mode 0600, and takes bbolt's file lock with a one-second timeout: a second
// window opening the same file gets ErrLocked ("数据库正被另一个窗口使用")
// instead of waiting forever. Every write is one bbolt transaction, committed
// and fsynced before the call returns; NoSync is never used.
//
// # Damage and backups
//
// A damaged file never crashes the program: every transaction runs with
// runtime/debug.SetPanicOnFault, and a fault or a panic raised inside
// bbolt becomes ErrCorrupt ("数据库文件已损坏 …, 请用备份恢复") (guard.go);
// Open refuses an empty file and damaged meta or freelist pages before
// bbolt maps them, and Check walks the page structure from the file
// (package filecheck) before bbolt's own check. Automatic backups are
// taken before imports that change a library, after seals and before a
// restore, beside the file (backups.go); Restore puts one back.
//
// # Schema and migrations
//
// The bucket "meta" holds "schema_version" (decimal ASCII). Migrations are an
// ordered list; migration i brings a file from version i-1 to version i, and
// all pending migrations run in one transaction when the file is opened. A
// file written by a newer shuangsui (a higher version) is refused with
// ErrNewerSchema and left untouched. Version 1 creates the buckets; version 2
// seeds the editable lists "categories" and "specialties" (JSON arrays of
// strings) in the settings bucket; version 3 adds results, penalties and
// transfers; version 4 the index of drawn units; version 5 turns results,
// publications, penalties, transfers and dishonest marks into entries
// appended to the ceremonies' chains (migrate5.go says how old records are
// carried over) and makes those buckets an index of the entries.
//
// Buckets (all keys are bytes compared in order):
//
//	meta            "schema_version" → decimal
//	counties        code → JSON County
//	units           id → binary Unit (see unitcodec.go; version byte first)
//	inspectors      id → JSON Inspector
//	matters         code ‖ 0x00 ‖ uint32 big-endian version → JSON Matter
//	inspections     date ‖ 0x00 ‖ unit ‖ 0x00 ‖ matter ‖ 0x00 ‖ source → JSON Inspection
//	settings        key → opaque bytes
//	ceremonies      id → bucket of uint64 big-endian seq → JSON sampling.Step
//	ceremony_meta   id → JSON {created, steps, head, last_kind}
//	logs            name → bucket of uint64 big-endian seq → JSON sampling.Step
//	                (one stand-alone chain: "penalties", for penalties that name no ceremony)
//	log_meta        name → JSON {created, steps, head, last_kind}
//	results, penalties, transfers, drawn: indexes derived from the chains
//	library_log     uint64 big-endian seq → JSON LibraryChange (created on first use)
//	library_last    library bucket name → uint64 big-endian seq of its last library_log entry
//	library_undo    "state" → JSON undoState, and the old records (created on first use)
//
// # Imports
//
// Each Import* call runs in one write transaction: the fill function calls
// put once per record, and if fill or any put fails (a put error counts even
// when fill ignores it) nothing is written. DryRun does the same work and
// rolls back. ImportOptions.Confirm sees the summary before anything is
// written and may stop the import (a replace removing much of the library
// waits for the operator's confirmation). In Merge mode records absent from the import stay as they are.
// In Replace mode they are marked, never deleted, so that history and past
// ceremonies keep their meaning:
//
//   - a county absent from the import gets Active = false;
//   - an inspector absent from the import gets Active = false;
//   - a unit absent from the import gets Removed = true (移出名录库); its
//     Status (active/closed/deregistered) is left as it was, since that is
//     a fact about the unit and not about the library; importing it again
//     clears Removed;
//   - a matter absent from the import gets a new version with Retired = true
//     and EffectiveFrom = today.
//
// Importing a record that differs from the stored one replaces it (Updated)
// except for the unit fields named in ImportOptions.Keep (KeepUnitFields:
// the file had no column for them, so the stored values stay) and except
// for matters, where any change stores a new version (1, 2, …) and
// the old versions stay readable. Inspection history is append-only: an
// exact duplicate counts as Unchanged, and Replace mode is refused.
//
// Data enters the library normalised: unit ids are trimmed and upper-cased;
// an 18-character unit id made only of USCC characters must pass the
// GB 32100-2015 check digit unless the unit carries a CheckOverride (who,
// why, when); an empty unit Status means active; fields that appear in the
// canonical frame may not hold a TAB or line break (list entries not a
// comma either), since sampling.Frame.Canonical would refuse them at the
// worst moment, in front of the witnesses.
//
// # Library log and undo
//
// Every import that changes a library (counties, units, inspectors,
// matters, inspections) appends one entry to "library_log" in the same
// transaction: seq (1, 2, …), kind "import", time (RFC 3339, the DB clock),
// who (ImportOptions.By), which library (the bucket name), the file
// (ImportOptions.Source), the mode and the counts (added, updated,
// unchanged, removed). An import that changes nothing is not logged. The
// entries are only ever appended. The other changes of a library are
// logged the same way: kind "undo", "dishonest" (a unit marked seriously
// dishonest from a result, library units) and "result" (a result's row in
// the inspection history, library inspections) and "setting" (a setting
// stored or cleared: the settings bucket is fingerprinted as a library
// too); schema 6 began the log of an older file with one "baseline" entry
// per library that held records.
//
// Every entry carries "fingerprint": the SHA-256 (hex) of every key and
// value of the library's bucket after the change, in key order, each
// length-prefixed (8-byte big-endian length, then the bytes). Check
// recomputes each library's fingerprint and compares it with its last
// entry's (a library with no entry must be empty; check walks the whole
// log and proves library_last right), and every read of a whole library
// (Counties, Inspectors, Matters, EachUnit, EachInspection, EligibleFrame,
// Setting) does the same first, finding the last entry through
// library_last, so that a byte changed outside the program is reported
// instead of shown. Reads of a single record (Unit)
// are not checked: they would have to hash the whole library.
//
// The indexes derived from the chains (results, penalties, transfers,
// drawn) have their fingerprints in "index_sums" (name → hex SHA-256 of the
// bucket, same digest), updated in the transaction of every write of an
// index and compared by every read of one and by check (see indexsum.go).
//
// The same transaction keeps what undoing that import needs in
// "library_undo", replacing the previous import's: the old bucket itself
// when the import rebuilt it (bulk imports move it there instead of
// deleting it), a copy of it for the small libraries (counties,
// inspectors, matters), or, for an import written in place, the old value
// (0x01 ‖ value) or absence (0x00) of every key it wrote, in the
// sub-bucket "diff". "state" names the import's log entry, the bucket and
// the library's fingerprint right after the import.
//
// UndoImport restores the bucket from "library_undo", deletes it, and
// appends an entry of kind "undo" whose "undoes" is the import's seq, in
// one transaction. It refuses when the library's fingerprint is no longer
// the one recorded (something changed the library after the import and would
// be lost) and when "library_undo" is absent: an import is undone once,
// and only the last one.
//
// # Eligible frame
//
// EligibleFrame builds the sampling.Frame for one matter on one draw date.
// Every unit in the library is either in the frame or counted once, under
// the first of these reasons that applies, in Exclusions.ByReason and
// Exclusions.ByCounty[county]:
//
//	"removed"                removed from the library by a Replace import
//	"closed"                 Status closed (停业)
//	"deregistered"           Status deregistered (注销)
//	"inactive_county"        its county is inactive or not in the county list
//	"out_of_scope_category"  its category is not in the matter's Categories
//	"not_direct_reporting"   DirectReportingOnly and not a direct-reporting unit
//	"inspected_recently"     inspected within NoRepeatMonths before DrawDate
//	"drawn_recently"         drawn in a sealed ceremony (or brought in by a
//	                         substitution) whose draw date is within
//	                         NoRepeatMonths before DrawDate, result or not
//
// "Within N months before D" means on a date from D minus N calendar months
// (clamped to the month's last day) up to and including D itself, so that
// a draw earlier on the same day also counts.
//
// # Ceremonies
//
// NewCeremony names a ceremony YYYY-MM-DD-NNN after the clock's local date
// and a per-day sequence. AppendStep stores sampling.Step values under keys
// 1, 2, 3, … (uint64 big-endian); the stored value is the whole step, its
// sequence number included, so a step moved to another key is detected.
// Step.At is the clock's time in RFC 3339 with its UTC offset and whole
// seconds (for time.Now: local time, e.g. 2026-11-25T09:30:00+08:00), the
// way the witnesses read it on the wall clock. After a step of kind
// StepSeal or StepAbandon the ceremony is closed and AppendStep refuses
// (after a seal it takes substitutions; the other after-seal entries are
// appended by PutResult(s), MarkPublished, PutPenalty, AddTransfer,
// SetTransferStatus and MarkDishonest, each of which writes the step and
// its index in one transaction, after checking it against the rules a
// verifier applies: sampling.Ledger, SPEC.md §10).
// The meta record keeps the step count and head hash, updated in the same
// transaction, so that removing the last steps is detected too.
//
// Steps, Ceremonies and Check verify each chain with sampling.VerifyChain;
// a failure is reported as "仪式 <id> 第 <n> 步: …".
//
// The seal step and each unit substitution also index the units they send
// inspectors to (bucket "drawn": draw date, unit, ceremony) in the same
// transaction; EligibleFrame excludes them as "drawn_recently", and Check
// compares the index with what the sealed ceremonies drew, so an entry
// removed to let a unit be drawn again early is reported. Check also
// rebuilds the index of results, penalties, transfers and the history
// entries of results from the chains and reports every difference.
package store
