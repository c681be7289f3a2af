package sampling

import (
	"os"
	"runtime"
	"sync"
	"testing"
)

// Benchmarks. Run them with, for example:
//
//	for p in 1 2; do GOMAXPROCS=$p go test ./sampling -run '^$' -bench 'Sample|TicketKey$' -benchtime 3x; done
//
// (GOMAXPROCS in the environment, not -cpu: it is what limits Sample's
// goroutines to one core here)
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
	runtime.GC() // not the collection of the ids' garbage
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

// ticketsPerOp is the number of tickets one op of the per-ticket
// benchmarks computes, so that -benchtime 3x measures something.
const ticketsPerOp = 1 << 20

// BenchmarkTicketKey measures ticket keys (the hash of the id's block and
// the 18 digits) on one goroutine; BenchmarkTicketKeyParallel runs them on
// GOMAXPROCS goroutines, so that -cpu 1,2 shows the scaling.
func BenchmarkTicketKey(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	th := newTicketHasher(SeedHash("2026-03-15 承德"))
	var sink uint64
	cpu := processCPU()
	for b.Loop() {
		for i := range ticketsPerOp {
			sink += th.key(ids[i&(len(ids)-1)])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/ticketsPerOp, "ns/ticket")
	reportCPU(b, cpu, ticketsPerOp)
	if sink == 1 {
		b.Log(sink)
	}
}

func BenchmarkTicketKeyParallel(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	prefix := SeedHash("2026-03-15 承德")
	cpu := processCPU()
	for b.Loop() {
		var wg sync.WaitGroup
		procs := runtime.GOMAXPROCS(0)
		for p := range procs {
			wg.Go(func() {
				th := newTicketHasher(prefix)
				var sink uint64
				for i := p * ticketsPerOp / procs; i < (p+1)*ticketsPerOp/procs; i++ {
					sink += th.key(ids[i&(len(ids)-1)])
				}
				if sink == 1 {
					b.Log(sink)
				}
			})
		}
		wg.Wait()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/ticketsPerOp, "ns/ticket")
	reportCPU(b, cpu, ticketsPerOp)
}

// BenchmarkTicketNaive is the big-integer Ticket, for comparison.
func BenchmarkTicketNaive(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	prefix := SeedHash("2026-03-15 承德")
	for b.Loop() {
		for i := range ticketsPerOp / 16 {
			_ = ticketFromPrefix(prefix, ids[i&(len(ids)-1)])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(ticketsPerOp/16), "ns/ticket")
}

// BenchmarkTicketString is the full ticket of a pick without big integers.
func BenchmarkTicketString(b *testing.B) {
	ids := syntheticIDs(1 << 16)
	th := newTicketHasher(SeedHash("2026-03-15 承德"))
	for b.Loop() {
		for i := range ticketsPerOp / 16 {
			_ = ticketString(th.sum(ids[i&(len(ids)-1)]))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(ticketsPerOp/16), "ns/ticket")
}

// BenchmarkDuplicateCheck10M measures the duplicate detection of Sample
// alone on 10M keys: filing each key into its shard's buckets and checking
// the buckets, on GOMAXPROCS goroutines as Sample does.
func BenchmarkDuplicateCheck10M(b *testing.B) {
	const n = 10_000_000
	keys := make([]uint64, n)
	th := newTicketHasher(SeedHash("2026-03-15 承德"))
	for i, id := range syntheticIDs(n) {
		keys[i] = th.key(id)
	}
	runtime.GC()
	workers := runtime.GOMAXPROCS(0)
	cpu := processCPU()
	for b.Loop() {
		shards := make([]keyBuckets, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				lo, hi := w*n/workers, (w+1)*n/workers
				kb := newKeyBuckets(keyBucketBits(n), hi-lo)
				for _, k := range keys[lo:hi] {
					kb.add(k)
				}
				shards[w] = kb
			})
		}
		wg.Wait()
		if hasEqualKeys(shards, workers) {
			b.Fatal("equal keys")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/id")
	if now := processCPU(); cpu >= 0 && now >= 0 {
		b.ReportMetric(float64(now-cpu)/float64(b.N)/n, "cpu-ns/id")
	}
}
