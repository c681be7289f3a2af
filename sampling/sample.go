package sampling

import (
	"fmt"
	"sort"
)

// Pick is one drawn id with its ticket. Rank counts from 1 in draw order;
// Alternate is true for the ids drawn beyond the requested take.
type Pick struct {
	Rank      int    `json:"rank"`
	ID        string `json:"id"`
	Ticket    string `json:"ticket,omitempty"`   // full ticket; empty for a systematic pick
	Position  int    `json:"position,omitempty"` // systematic picks: 1-based position in byte order
	Alternate bool   `json:"alternate,omitempty"`
}

// DuplicateIDError reports an id that occurs twice in a population.
type DuplicateIDError struct{ ID string }

func (e *DuplicateIDError) Error() string { return fmt.Sprintf("duplicate id %q", e.ID) }

// ShortPoolError reports a population smaller than the number asked for.
type ShortPoolError struct{ Have, Want int }

func (e *ShortPoolError) Error() string {
	return fmt.Sprintf("asked for %d ids but the population has %d", e.Want, e.Have)
}

// SampleNaive is the reference Sample: it computes the full ticket of every
// id with big integers and sorts them all. It is kept as the oracle that
// the fast Sample is tested against.
func SampleNaive(ids []string, seed string, take, alternates int) ([]Pick, error) {
	if err := checkSampleArgs(ids, take, alternates); err != nil {
		return nil, err
	}
	prefix := SeedHash(seed)
	all := make([]Pick, len(ids))
	for i, id := range ids {
		all[i] = Pick{ID: id, Ticket: ticketFromPrefix(prefix, id)}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Ticket != all[j].Ticket {
			return all[i].Ticket < all[j].Ticket
		}
		return all[i].ID < all[j].ID
	})
	n := min(take+alternates, len(all))
	out := all[:n:n]
	for i := range out {
		out[i].Rank = i + 1
		out[i].Alternate = i >= take
	}
	return out, nil
}

// checkSampleArgs validates a population and a request: no duplicate ids,
// non-negative counts, and at least take ids. Fewer alternates than asked
// for are allowed: the population simply runs out.
func checkSampleArgs(ids []string, take, alternates int) error {
	if take < 0 || alternates < 0 {
		return fmt.Errorf("take %d and alternates %d must not be negative", take, alternates)
	}
	seen := make(map[string]struct{}, len(ids))
	for _, id := range ids {
		if _, dup := seen[id]; dup {
			return &DuplicateIDError{ID: id}
		}
		seen[id] = struct{}{}
	}
	if take > len(ids) {
		return &ShortPoolError{Have: len(ids), Want: take}
	}
	return nil
}
