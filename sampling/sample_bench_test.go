package sampling

import (
	"os"
	"testing"
)

// Benchmarks. Run them with, for example:
//
//	go test ./sampling -run '^$' -bench 'Sample|Ticket' -benchtime 3x -cpu 1,2
//
// ns/ticket is the wall time of one call divided by the population size;
// cpu-ns/ticket the CPU time of all cores (including the garbage
// collector's) divided likewise.
// BenchmarkSampleNaive10M takes minutes and runs only when
// SHUANGSUI_BENCH_NAIVE10M is set.

const (
	benchTake       = 100
	benchAlternates = 20
)

func benchSample(b *testing.B, n int, sample func([]string, string, int, int) ([]Pick, error)) {
	ids := syntheticIDs(n)
	cpu := processCPU()
	for b.Loop() {
		if _, err := sample(ids, "2026-03-15 承德", benchTake, benchAlternates); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/ticket")
	reportCPU(b, cpu, n)
}

// reportCPU reports the process CPU time per ticket since cpu, which
// counts every core: on 2 idle cores a perfectly parallel run shows twice
// its wall time here.
func reportCPU(b *testing.B, cpu int64, perOp int) {
	if now := processCPU(); cpu >= 0 && now >= 0 {
		b.ReportMetric(float64(now-cpu)/float64(b.N)/float64(perOp), "cpu-ns/ticket")
	}
}

func BenchmarkSample1M(b *testing.B)      { benchSample(b, 1_000_000, Sample) }
func BenchmarkSample10M(b *testing.B)     { benchSample(b, 10_000_000, Sample) }
func BenchmarkSampleNaive1M(b *testing.B) { benchSample(b, 1_000_000, SampleNaive) }

func BenchmarkSampleNaive10M(b *testing.B) {
	if os.Getenv("SHUANGSUI_BENCH_NAIVE10M") == "" {
		b.Skip("set SHUANGSUI_BENCH_NAIVE10M=1 to run (several minutes)")
	}
	benchSample(b, 10_000_000, SampleNaive)
}

// BenchmarkTicketKey measures one ticket key (hash of the last block, 18
// digits) on one goroutine; BenchmarkTicketKeyParallel runs it on
// GOMAXPROCS goroutines, so that -cpu 1,2 shows the scaling.
func BenchmarkTicketKey(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	th := newTicketHasher(SeedHash("2026-03-15 承德"))
	var sink uint64
	i := 0
	for b.Loop() {
		sink += th.key(ids[i&(len(ids)-1)])
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/ticket")
	if sink == 1 {
		b.Log(sink)
	}
}

func BenchmarkTicketKeyParallel(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	prefix := SeedHash("2026-03-15 承德")
	b.RunParallel(func(pb *testing.PB) {
		th := newTicketHasher(prefix)
		var sink uint64
		i := 0
		for pb.Next() {
			sink += th.key(ids[i&(len(ids)-1)])
			i++
		}
		if sink == 1 {
			b.Log(sink)
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/ticket")
}

// BenchmarkTicketNaive is the big-integer Ticket, for comparison.
func BenchmarkTicketNaive(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	prefix := SeedHash("2026-03-15 承德")
	i := 0
	for b.Loop() {
		_ = ticketFromPrefix(prefix, ids[i&(len(ids)-1)])
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/ticket")
}

// BenchmarkTicketString is the full ticket of a pick without big integers.
func BenchmarkTicketString(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	th := newTicketHasher(SeedHash("2026-03-15 承德"))
	i := 0
	for b.Loop() {
		_ = ticketString(th.sum(ids[i&(len(ids)-1)]))
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/ticket")
}
