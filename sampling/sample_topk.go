package sampling

import "strings"

// entry is one id of a population during a fast sample: the index of the
// id and the key of its ticket (see ticketKey).
type entry struct {
	key uint64
	idx int
}

// ranker orders entries the way SampleNaive orders picks: by ticket, then
// by id bytes. Keys decide almost always; only equal keys (the first 18
// ticket digits agree) need the full tickets.
type ranker struct {
	ids []string
	// ticket returns the full ticket of ids[i]; ticketFromPrefix in
	// production, replaceable in tests to force ties.
	ticket func(i int) string
}

func newRanker(ids []string, prefix string) *ranker {
	return &ranker{ids: ids, ticket: func(i int) string { return ticketFromPrefix(prefix, ids[i]) }}
}

// cmp returns -1, 0 or +1 as a is drawn before, with, or after b.
func (r *ranker) cmp(a, b entry) int {
	switch {
	case a.key < b.key:
		return -1
	case a.key > b.key:
		return 1
	case a.idx == b.idx:
		return 0
	}
	if c := strings.Compare(r.ticket(a.idx), r.ticket(b.idx)); c != 0 {
		return c
	}
	return strings.Compare(r.ids[a.idx], r.ids[b.idx])
}

// topK keeps the k first entries offered (in ranker order) in a max-heap:
// h[0] is the last of them, the one the next better entry evicts.
type topK struct {
	r *ranker
	k int
	h []entry
}

func newTopK(r *ranker, k, capHint int) *topK {
	return &topK{r: r, k: k, h: make([]entry, 0, min(k, capHint))}
}

// offer considers one entry.
func (t *topK) offer(e entry) {
	if len(t.h) < t.k {
		t.h = append(t.h, e)
		t.up(len(t.h) - 1)
		return
	}
	if t.k == 0 || e.key > t.h[0].key || t.r.cmp(e, t.h[0]) >= 0 {
		return
	}
	t.h[0] = e
	t.down(0)
}

func (t *topK) up(i int) {
	h := t.h
	for i > 0 {
		p := (i - 1) / 2
		if t.r.cmp(h[i], h[p]) <= 0 {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (t *topK) down(i int) {
	h := t.h
	n := len(h)
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && t.r.cmp(h[c+1], h[c]) > 0 {
			c++
		}
		if t.r.cmp(h[c], h[i]) <= 0 {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
