package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"shuangsui/sampling"
)

// DrawnIn lists every unit a sealed ceremony sent inspectors to: the
// drawn units of each county and every unit that came in by a
// substitution, each on the frame's draw date.
func DrawnIn(c *sampling.Ceremony) []Drawn {
	var out []Drawn
	for _, ud := range c.Result.Units {
		for _, p := range sampling.Drawn(ud.Picks) {
			out = append(out, Drawn{Unit: p.ID, Date: c.Frame.DrawDate})
		}
	}
	for _, s := range c.Substitutions {
		if s.Kind == sampling.SubstituteUnit {
			out = append(out, Drawn{Unit: s.In, Date: c.Frame.DrawDate})
		}
	}
	return out
}

// drawnWithin returns the units drawn in a sealed ceremony whose draw date
// is within months calendar months before date (the window of
// inspectedWithin).
func drawnWithin(tx *bolt.Tx, months int, date string) (map[string]bool, error) {
	return unitsWithin(tx.Bucket(bDrawn), months, date, "查询近期抽中", "抽中单位索引")
}

// migrateDrawn creates the index of drawn units and fills it from the
// ceremonies sealed before it existed (those whose chain verifies).
func migrateDrawn(tx *bolt.Tx) error {
	idx, err := tx.CreateBucketIfNotExists(bDrawn)
	if err != nil {
		return fmt.Errorf("创建存储桶 %s: %w", bDrawn, err)
	}
	return tx.Bucket(bCeremonyMeta).ForEach(func(k, v []byte) error {
		meta, err := readMeta(tx, string(k))
		if err != nil {
			return err
		}
		if !sealedBy(meta.LastKind) {
			return nil
		}
		c, err := loadSealed(tx, string(k))
		if err != nil {
			// A ceremony whose chain no longer verifies is reported by
			// Ceremonies and by check on every run; refusing to open the
			// whole file here would hide that report behind a migration
			// error, so it is left out of the index.
			return nil
		}
		for _, d := range DrawnIn(c) {
			if err := idx.Put(drawnKey(d, string(k)), nil); err != nil {
				return err
			}
		}
		return nil
	})
}

// sealedReplay is a sealed ceremony whose chain verifies, as replayed.
type sealedReplay struct {
	id string
	c  *sampling.Ceremony
}

// checkDrawnIndex compares the index of drawn units with what the sealed
// ceremonies drew: an entry missing (a unit that could be drawn again too
// early) or an entry no sealed ceremony accounts for is a problem. sealed
// holds every sealed ceremony whose chain verifies, in id order (Check has
// replayed them already); the others are reported elsewhere.
func checkDrawnIndex(tx *bolt.Tx, sealed []sealedReplay) []error {
	var problems []error
	want := map[string]bool{}
	idx := tx.Bucket(bDrawn)
	for _, sc := range sealed {
		for _, d := range DrawnIn(sc.c) {
			key := drawnKey(d, sc.id)
			want[string(key)] = true
			if idx.Get(key) == nil {
				problems = append(problems, fmt.Errorf("仪式 %s: 抽中单位 %s 不在不重复抽取索引中(索引被改动,该单位可能被提前再次抽中)", sc.id, d.Unit))
			}
		}
	}
	idx.ForEach(func(k, _ []byte) error {
		if !want[string(k)] {
			parts := bytes.SplitN(k, []byte{0}, 3)
			if len(parts) == 3 {
				problems = append(problems, fmt.Errorf("不重复抽取索引: 单位 %s(仪式 %s, %s)不是任何已封存仪式抽中的单位", parts[1], parts[2], parts[0]))
			} else {
				problems = append(problems, fmt.Errorf("不重复抽取索引: 键 %q 损坏", k))
			}
		}
		return nil
	})
	return problems
}
