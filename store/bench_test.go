package store

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// benchDir is where benchmark databases go: $SHUANGSUI_BENCH_DIR if set
// (to measure a particular disk), else the benchmark's temporary
// directory.
func benchDir(b *testing.B) string {
	if d := os.Getenv("SHUANGSUI_BENCH_DIR"); d != "" {
		dir, err := os.MkdirTemp(d, "bench")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

var benchCategories = []string{"规上工业", "限上批零住餐", "规上服务业", "资质内建筑业", "房地产开发", "投资项目", "其他"}

// buildLibrary fills db with n units over 12 counties, 200 inspectors,
// one matter and n/20 inspections of the last three years.
func buildLibrary(b *testing.B, db *DB, n int) {
	var counties []County
	for i := range 12 {
		counties = append(counties, County{Code: fmt.Sprintf("1308%02d", i+1), Name: fmt.Sprintf("测试县%02d", i+1), Active: i != 11})
	}
	if _, err := db.ImportCounties(ImportOptions{}, putAll(counties...)); err != nil {
		b.Fatal(err)
	}
	var ins []Inspector
	for i := range 200 {
		ins = append(ins, Inspector{ID: fmt.Sprintf("1308%06d", i), Name: fmt.Sprintf("检查员%03d", i), Department: "执法科",
			HomeCounty: counties[i%12].Code, Specialties: []string{"综合", "工业"}, LeaderQualified: i%4 == 0,
			ValidUntil: "2028-12-31", Active: true})
	}
	if _, err := db.ImportInspectors(ImportOptions{}, putAll(ins...)); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ImportMatters(ImportOptions{}, putAll(Matter{Code: "TJ-01", Name: "统计执法检查", Specialty: "综合",
		Categories: []string{"规上工业", "限上批零住餐", "规上服务业", "资质内建筑业", "房地产开发"}})); err != nil {
		b.Fatal(err)
	}
	id := func(i int) string { return uscc(fmt.Sprintf("9113%02dMA%09d", i%12+1, i)) }
	statuses := []string{StatusActive, StatusActive, StatusActive, StatusActive, StatusActive, StatusActive, StatusActive, StatusActive, StatusClosed, StatusDeregistered}
	if _, err := db.ImportUnits(ImportOptions{}, func(put func(Unit) error) error {
		for i := range n {
			// Visit ids in a scrambled order, as a real register would.
			j := int((uint64(i) * 2654435761) % uint64(n))
			u := Unit{ID: id(j), Name: fmt.Sprintf("承德市测试%07d商贸有限公司", j), County: counties[j%12].Code,
				Category: benchCategories[j%7], Address: fmt.Sprintf("承德市双桥区测试路%d号", j), Contact: "张三 0314-2000000",
				DirectReporting: j%5 != 0, Key: j%50 == 0, Status: statuses[j%10]}
			if err := put(u); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ImportHistory(ImportOptions{}, func(put func(Inspection) error) error {
		for i := 0; i < n/20; i++ {
			j := i * 20
			d := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1400).Format(dateLayout)
			if err := put(Inspection{Unit: id(j), Date: d, Matter: "TJ-01"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
}

// library1M opens a new database holding buildLibrary's 1M-unit library
// (closed when the benchmark ends) and says how long building it took.
func library1M(b *testing.B) (*DB, time.Duration) {
	db, err := Open(filepath.Join(benchDir(b), "lib.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	start := time.Now()
	buildLibrary(b, db, 1_000_000)
	return db, time.Since(start)
}

// BenchmarkEligibleFrame1M: the frame of one matter from a library of one
// million units. Metrics: the time of one EligibleFrame (ns/op), the file
// size, and the import time of the million units (setup).
func BenchmarkEligibleFrame1M(b *testing.B) {
	db, built := library1M(b)
	fi, err := os.Stat(db.Path())
	if err != nil {
		b.Fatal(err)
	}
	q := FrameQuery{MatterCode: "TJ-01", DrawDate: "2026-11-25", DirectReportingOnly: true,
		Params: sampling.Params{Counties: 3, UnitsPerCounty: 10, Method: sampling.MethodSimple, Members: 1, Alternates: 3}}
	var f sampling.Frame
	b.ResetTimer()
	for b.Loop() {
		f, _, err = db.EligibleFrame(q)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(len(f.Units)), "eligible-units")
	b.ReportMetric(float64(fi.Size())/(1<<20), "MB")
	b.ReportMetric(built.Seconds(), "build-s")
}

// BenchmarkStepCommit: the latency of AppendStep (one fsynced bbolt
// transaction) with a 1 KB payload, over 200 steps. Metrics: median and
// 95th percentile in milliseconds.
func BenchmarkStepCommit(b *testing.B) {
	db, err := Open(filepath.Join(benchDir(b), "steps.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	payload := make([]byte, 1024)
	var lat []time.Duration
	b.ResetTimer()
	for b.Loop() {
		id, err := db.NewCeremony()
		if err != nil {
			b.Fatal(err)
		}
		for range 200 {
			t := time.Now()
			if _, err := db.AppendStep(id, "step", payload); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(lat[len(lat)/2]), "median-ms")
	b.ReportMetric(ms(lat[len(lat)*95/100]), "p95-ms")
}

// BenchmarkAutoBackup1M: the automatic backup taken before an import or
// after a seal, of a database holding a 1M-unit library. Metrics: the
// backup's time, the file's size, and the time of building the library
// (its imports) for scale.
func BenchmarkAutoBackup1M(b *testing.B) {
	db, built := library1M(b)
	b.ResetTimer()
	var took time.Duration
	for b.Loop() {
		t := time.Now()
		if _, err := db.AutoBackup("bench"); err != nil {
			b.Fatal(err)
		}
		took = time.Since(t)
	}
	b.StopTimer()
	fi, err := os.Stat(db.Path())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(took.Seconds(), "backup-s")
	b.ReportMetric(float64(fi.Size())/1e6, "db-MB")
	b.ReportMetric(built.Seconds(), "build-s")
}

// BenchmarkCheck1M: check on a database holding a 1M-unit library (and
// 50,000 history rows): the page structure walk, bbolt's check, every
// record decoded and every library's fingerprint recomputed. Metrics:
// check's time, the time of one fingerprint of the unit library (what
// every import, and every read of the whole library, adds), the time of
// the history's fingerprint (what every result entry adds), and the time
// of building the library (its imports) for scale.
func BenchmarkCheck1M(b *testing.B) {
	db, built := library1M(b)
	b.ResetTimer()
	var took time.Duration
	for b.Loop() {
		t := time.Now()
		p, err := db.Check()
		if err != nil || len(p) > 0 {
			b.Fatal(p, err)
		}
		took = time.Since(t)
	}
	b.StopTimer()
	fingerprint := func(name []byte) float64 {
		t := time.Now()
		if err := db.bolt.View(func(tx *bolt.Tx) error { libraryFingerprint(tx, name); return nil }); err != nil {
			b.Fatal(err)
		}
		return time.Since(t).Seconds()
	}
	b.ReportMetric(took.Seconds(), "check-s")
	b.ReportMetric(fingerprint(bUnits), "fingerprint-s")
	// What each result entry adds: the history library's fingerprint.
	b.ReportMetric(fingerprint(bInspections)*1000, "history-fingerprint-ms")
	b.ReportMetric(built.Seconds(), "build-s")
}
