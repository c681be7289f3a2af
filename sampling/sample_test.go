package sampling

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// chengde are Chinese ids used in vectors and fuzz seeds.
var chengde = []string{"承德市统计局", "双桥区", "双滦区", "鹰手营子矿区", "承德县", "兴隆县", "滦平县", "隆化县",
	"丰宁满族自治县", "宽城满族自治县", "围场满族蒙古族自治县", "平泉市"}

func TestSampleSpecVector(t *testing.T) {
	picks, err := Sample([]string{"ab-1", "ab-2", "cd-1", "ef-3"}, "314159", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Pick{
		{Rank: 1, ID: "cd-1", Ticket: "0.31768581747785156587475078210879339049271166286670250438649595728459169965731"},
		{Rank: 2, ID: "ef-3", Ticket: "0.83298451953367065007352543092091514744623563372783686435813672834327753149391"},
		{Rank: 3, ID: "ab-1", Ticket: "0.90980392695231990029929829006329474381949578102131434318841212552595405683451", Alternate: true},
		{Rank: 4, ID: "ab-2", Ticket: "0.92315490438118380444601279583613827160113032867447843891859449897094255712289", Alternate: true},
	}
	if !reflect.DeepEqual(picks, want) {
		t.Fatalf("Sample = %+v\nwant %+v", picks, want)
	}
}

// TestSampleChineseVector: ids and seed in Chinese; the expected order was
// computed with an independent Python implementation of SPEC.md §1-2.
func TestSampleChineseVector(t *testing.T) {
	picks, err := Sample(chengde, "3-1-4-1-5-9-2-6", 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ id, t20 string }{
		{"鹰手营子矿区", "0.02726802166978601406"}, {"隆化县", "0.05772150549921710348"},
		{"围场满族蒙古族自治县", "0.33700897677471641770"}, {"滦平县", "0.37854462997882523073"},
		{"兴隆县", "0.38912023081093855321"},
	}
	if len(picks) != len(want) {
		t.Fatalf("got %d picks, want %d", len(picks), len(want))
	}
	for i, w := range want {
		p := picks[i]
		if p.ID != w.id || p.Ticket[:22] != w.t20 || p.Rank != i+1 || p.Alternate != (i >= 3) {
			t.Errorf("pick %d = %+v, want %s %s…", i, p, w.id, w.t20)
		}
	}
}

func TestSampleTable(t *testing.T) {
	many := syntheticIDs(3000)
	tests := []struct {
		name             string
		ids              []string
		seed             string
		take, alternates int
		wantLen          int
		wantErr          string
	}{
		{"empty population, nothing asked", nil, "1", 0, 0, 0, ""},
		{"empty population, alternates only", []string{}, "1", 0, 5, 0, ""},
		{"take all", chengde, "2", len(chengde), 0, len(chengde), ""},
		{"alternates run out", chengde, "3", 10, 10, len(chengde), ""},
		{"alternates only", chengde, "4", 0, 3, 3, ""},
		{"huge alternates", chengde, "5", 1, int(^uint(0) >> 1), len(chengde), ""},
		{"one id", []string{"唯一"}, "6", 1, 1, 1, ""},
		{"empty id is an id", []string{"", "a"}, "7", 2, 0, 2, ""},
		{"large take, one shard", many, "8", 2000, 500, 2500, ""},
		{"short pool", chengde, "9", 13, 0, 0, "要求抽取 13 个"},
		{"negative take", chengde, "9", -1, 0, 0, "不能为负"},
		{"negative alternates", chengde, "9", 1, -1, 0, "不能为负"},
		{"duplicate", []string{"a", "b", "a"}, "9", 1, 0, 0, `编号重复: "a"`},
		{"duplicate Chinese", append(slices.Clone(chengde), "双桥区"), "9", 1, 0, 0, `编号重复: "双桥区"`},
		{"duplicate beats short pool", []string{"a", "a"}, "9", 3, 0, 0, `编号重复: "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Sample(tt.ids, tt.seed, tt.take, tt.alternates)
			want, werr := SampleNaive(tt.ids, tt.seed, tt.take, tt.alternates)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if werr == nil || err.Error() != werr.Error() {
					t.Fatalf("err = %v, SampleNaive says %v", err, werr)
				}
				return
			}
			if err != nil || werr != nil {
				t.Fatalf("err = %v, naive err = %v", err, werr)
			}
			if len(got) != tt.wantLen {
				t.Fatalf("got %d picks, want %d", len(got), tt.wantLen)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Sample and SampleNaive differ:\n%+v\n%+v", got, want)
			}
		})
	}
}

func TestSampleErrorTypes(t *testing.T) {
	_, err := Sample([]string{"x", "y", "x"}, "s", 1, 0)
	var de *DuplicateIDError
	if !errors.As(err, &de) || de.ID != "x" {
		t.Fatalf("err = %v, want *DuplicateIDError for x", err)
	}
	_, err = Sample([]string{"x", "y"}, "s", 3, 0)
	var se *ShortPoolError
	if !errors.As(err, &se) || se.Have != 2 || se.Want != 3 {
		t.Fatalf("err = %v, want *ShortPoolError{2, 3}", err)
	}
}

// TestSampleLarge runs the sharded path (several goroutines, several key
// buckets) against the oracle, and its duplicate detection at both ends
// of the population and across shards.
func TestSampleLarge(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 9000
	}
	ids := syntheticIDs(n)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	got, err := Sample(ids, "20260315", 25, 10)
	if err != nil {
		t.Fatal(err)
	}
	want, err := SampleNaive(ids, "20260315", 25, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Sample and SampleNaive differ:\n%+v\n%+v", got, want)
	}
	for _, pair := range [][2]int{{0, n - 1}, {n - 1, 0}, {1, n / 2}, {n / 3, n / 3 * 2}} {
		dup := slices.Clone(ids)
		dup[pair[0]] = dup[pair[1]]
		_, err := Sample(dup, "20260315", 1, 0)
		var de *DuplicateIDError
		if !errors.As(err, &de) || de.ID != dup[pair[1]] {
			t.Errorf("duplicate at %v: err = %v", pair, err)
		}
	}
}

// TestRankerTie forces ties on the 18-digit key: the full tickets decide,
// then the id bytes.
func TestRankerTie(t *testing.T) {
	ids := []string{"ab-1", "ab-2", "cd-1", "ef-3"}
	r := newRanker(ids, SeedHash("314159"))
	// ab-2's ticket is larger than ab-1's, cd-1's is the smallest.
	tie := func(i, j int) int { return r.cmp(entry{key: 7, idx: i}, entry{key: 7, idx: j}) }
	if got := tie(0, 1); got != -1 {
		t.Errorf("tie ab-1 vs ab-2 = %d, want -1 (decided by the full ticket)", got)
	}
	if got := tie(1, 0); got != 1 {
		t.Errorf("tie ab-2 vs ab-1 = %d, want 1", got)
	}
	if got := tie(2, 3); got != -1 {
		t.Errorf("tie cd-1 vs ef-3 = %d, want -1", got)
	}
	if got := tie(3, 3); got != 0 {
		t.Errorf("entry vs itself = %d, want 0", got)
	}
	// Keys decide when they differ, whatever the tickets say.
	if got := r.cmp(entry{key: 1, idx: 1}, entry{key: 2, idx: 2}); got != -1 {
		t.Errorf("smaller key = %d, want -1", got)
	}
	// Equal full tickets (a SHA-256 collision, simulated): the id bytes.
	r.ticket = func(int) string { return "0.5" }
	if got := tie(1, 0); got != 1 {
		t.Errorf("equal tickets ab-2 vs ab-1 = %d, want 1 (by id)", got)
	}
}

// TestTopKTies feeds the bounded heap entries with heavily tied keys and
// compares what it keeps with a full sort under the same order.
func TestTopKTies(t *testing.T) {
	ids := syntheticIDs(400)
	r := newRanker(ids, SeedHash("tie"))
	entries := make([]entry, len(ids))
	for i := range entries {
		entries[i] = entry{key: uint64(i*7919) % 5, idx: i} // 5 distinct keys
	}
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, r.cmp)
	for _, k := range []int{0, 1, 2, 79, 80, 81, 200, 399, 400, 401} {
		top := newTopK(r, k, len(entries))
		for _, e := range entries {
			top.offer(e)
		}
		got := slices.Clone(top.h)
		slices.SortFunc(got, r.cmp)
		if want := sorted[:min(k, len(sorted))]; !slices.Equal(got, want) {
			t.Errorf("k=%d: heap kept %v, want %v", k, got, want)
		}
	}
}

func TestHasEqualKeys(t *testing.T) {
	for _, n := range []int{0, 1, 2, 100, 50000} {
		bb := keyBucketBits(n)
		shards := []keyBuckets{newKeyBuckets(bb, n/2), newKeyBuckets(bb, n-n/2)}
		th := newTicketHasher(SeedHash("keys"))
		var last uint64
		for i := range n {
			last = ticketKey(th.sum(fmt.Sprint(i)))
			shards[i%2].add(last)
		}
		if hasEqualKeys(shards, 2) {
			t.Fatalf("n=%d: distinct keys reported equal", n)
		}
		if n == 0 {
			continue
		}
		shards[0].add(last) // the same key again, in the other shard
		if !hasEqualKeys(shards, 2) || !hasEqualKeys(shards, 1) {
			t.Fatalf("n=%d: an equal key went unnoticed", n)
		}
	}
	// Keys beyond a bucket's slots spill, and are still checked.
	sp := []keyBuckets{newKeyBuckets(maxKeyBucketLog, 0), newKeyBuckets(maxKeyBucketLog, 0)}
	for i := range 3 * sp[0].per {
		sp[i%2].add(uint64(i))
	}
	if len(sp[0].spill) == 0 || hasEqualKeys(sp, 2) {
		t.Fatalf("spill: %d keys spilled, equal keys reported: %v", len(sp[0].spill), hasEqualKeys(sp, 2))
	}
	sp[1].add(uint64(3*sp[0].per - 1)) // equal to a spilled key
	if !hasEqualKeys(sp, 2) {
		t.Fatal("an equal spilled key went unnoticed")
	}
	// Extreme keys land in the first and the last used bucket.
	kb := []keyBuckets{newKeyBuckets(maxKeyBucketLog, 10)}
	kb[0].add(0)
	kb[0].add(e18 - 1)
	if hasEqualKeys(kb, 2) {
		t.Fatal("0 and 10^18-1 reported equal")
	}
	kb[0].add(e18 - 1)
	if !hasEqualKeys(kb, 2) {
		t.Fatal("10^18-1 twice went unnoticed")
	}
}

// FuzzSampleMatchesNaive: Sample and SampleNaive agree on picks and errors.
// ids are the lines of the first argument.
func FuzzSampleMatchesNaive(f *testing.F) {
	f.Add("ab-1\nab-2\ncd-1\nef-3", "314159", 2, 2)
	f.Add(strings.Join(chengde, "\n"), "3-1-4-1-5-9-2-6", 3, 2)
	f.Add(strings.Join(chengde, "\n"), "双随机、一公开 2026 第一轮", 12, 0)
	f.Add("承德县\n兴隆县\n承德县", "骰子", 1, 1)
	f.Add("", "", 0, 0)
	f.Add("\n\n", "x", 1, 0)
	f.Add("91130800MA0CX1234Y\n91130800MA0CX1235W\n"+strings.Repeat("长", 30), "0", 5, 1)
	f.Fuzz(func(t *testing.T, lines, seed string, take, alternates int) {
		ids := strings.Split(lines, "\n")
		if len(ids) > 2000 {
			t.Skip()
		}
		got, err := Sample(ids, seed, take, alternates)
		want, werr := SampleNaive(ids, seed, take, alternates)
		if (err == nil) != (werr == nil) || (err != nil && err.Error() != werr.Error()) {
			t.Fatalf("errors differ: %v vs naive %v", err, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Sample and SampleNaive differ:\n%+v\n%+v", got, want)
		}
	})
}

// syntheticIDs returns n distinct USCC-like 18-character ids, the same for
// every call.
func syntheticIDs(n int) []string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	ids := make([]string, n)
	var b [18]byte
	copy(b[:], "91130800")
	for i := range ids {
		v := uint64(i)*2654435761 + 12345
		for j := 8; j < 17; j++ {
			b[j] = alphabet[v%31]
			v /= 31
		}
		b[17] = alphabet[i%31]
		ids[i] = string(b[:])
	}
	return ids
}
