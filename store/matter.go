package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"
)

func matterKey(code string, version int) []byte {
	k := make([]byte, 0, len(code)+5)
	k = append(k, code...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint32(k, uint32(version))
}

// ImportMatters imports spot-check matters. The store assigns versions:
// a matter whose content differs from its latest version is stored as the
// next version, an identical one counts as Unchanged (an empty
// EffectiveFrom is not a difference; a new version without one takes
// today's date). A matter absent from a Replace import gets a new, retired
// version.
func (db *DB) ImportMatters(opt ImportOptions, fill func(put func(Matter) error) error) (ImportSummary, error) {
	today := db.now().Format(dateLayout)
	return runImport(db, opt, fill, importer[Matter]{
		bucket: bMatters,
		what:   "抽查事项",
		put: func(tx *bolt.Tx, m Matter, seen map[string]bool, sum *ImportSummary) error {
			m.Code = strings.TrimSpace(m.Code)
			if err := keyField("事项编码", m.Code); err != nil {
				return fmt.Errorf("抽查事项 %q: %w", m.Name, err)
			}
			for _, e := range []error{
				frameField("事项编码", m.Code), frameField("事项名称", m.Name), frameField("专业", m.Specialty),
				checkDate("生效日期", m.EffectiveFrom, true), markSeen(seen, "抽查事项", m.Code),
			} {
				if e != nil {
					return fmt.Errorf("抽查事项 %s: %w", m.Code, e)
				}
			}
			b := tx.Bucket(bMatters)
			latest, ok, err := latestMatter(b, m.Code)
			if err != nil {
				return err
			}
			if ok && sameMatter(latest, m) {
				sum.Unchanged++
				return nil
			}
			if ok {
				sum.Updated++
				m.Version = latest.Version + 1
			} else {
				sum.Added++
				m.Version = 1
			}
			if m.EffectiveFrom == "" {
				m.EffectiveFrom = today
			}
			m.Recorded = today
			return putMatter(b, m)
		},
		deactivate: func(tx *bolt.Tx, seen map[string]bool, sum *ImportSummary) error {
			b := tx.Bucket(bMatters)
			all, err := latestMatters(b)
			if err != nil {
				return err
			}
			for _, m := range all {
				if seen[m.Code] || m.Retired {
					continue
				}
				m.Version++
				m.Retired = true
				m.EffectiveFrom, m.Recorded = today, today
				if err := putMatter(b, m); err != nil {
					return err
				}
				sum.Deactivated++
			}
			return nil
		},
	})
}

func putMatter(b *bolt.Bucket, m Matter) error {
	v, err := jsonMarshal(m)
	if err == nil {
		err = b.Put(matterKey(m.Code, m.Version), v)
	}
	if err != nil {
		return fmt.Errorf("保存抽查事项 %s 第 %d 版: %w", m.Code, m.Version, err)
	}
	return nil
}

// sameMatter compares everything but the version, and the effective date
// only when the new record has one.
func sameMatter(old, m Matter) bool {
	old.Version, m.Version = 0, 0
	if m.EffectiveFrom == "" {
		old.EffectiveFrom = ""
	}
	if len(old.Categories) == 0 {
		old.Categories = nil
	}
	if len(m.Categories) == 0 {
		m.Categories = nil
	}
	return old.Code == m.Code && old.EffectiveFrom == m.EffectiveFrom && old.Name == m.Name && old.Basis == m.Basis &&
		old.Subject == m.Subject && old.Content == m.Content && old.Method == m.Method && old.Organisation == m.Organisation &&
		old.Specialty == m.Specialty && slices.Equal(old.Categories, m.Categories) && old.Frequency == m.Frequency &&
		old.Ratio == m.Ratio && old.Retired == m.Retired // Recorded is when, not what
}

func decodeMatter(k, v []byte) (Matter, error) {
	var m Matter
	if err := json.Unmarshal(v, &m); err != nil {
		return m, fmt.Errorf("读取抽查事项 %q: %w", k, err)
	}
	return m, nil
}

// latestMatter finds the highest version of code.
func latestMatter(b *bolt.Bucket, code string) (Matter, bool, error) {
	prefix := append([]byte(code), 0)
	c := b.Cursor()
	// Seek past every version of code, then step back.
	k, _ := c.Seek(append(bytes.Clone(prefix), 0xff, 0xff, 0xff, 0xff, 0xff))
	if k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, prefix) || len(k) != len(prefix)+4 {
		return Matter{}, false, nil
	}
	m, err := decodeMatter(k, b.Get(k))
	return m, err == nil, err
}

func latestMatters(b *bolt.Bucket) ([]Matter, error) {
	var out []Matter
	err := b.ForEach(func(k, v []byte) error {
		m, err := decodeMatter(k, v)
		if err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].Code == m.Code {
			out[n-1] = m // keys sort by code, then version
		} else {
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// Matters returns the latest version of every matter, retired ones
// included (see Matter.Retired), in code order.
func (db *DB) Matters() ([]Matter, error) {
	var out []Matter
	err := db.bolt.View(func(tx *bolt.Tx) error {
		if err := db.verifyLibraries(tx, bMatters); err != nil {
			return err
		}
		var err error
		out, err = latestMatters(tx.Bucket(bMatters))
		return err
	})
	return out, err
}

// MatterVersions returns every version of code, oldest first.
func (db *DB) MatterVersions(code string) ([]Matter, error) {
	var out []Matter
	err := db.bolt.View(func(tx *bolt.Tx) error {
		prefix := append([]byte(code), 0)
		c := tx.Bucket(bMatters).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != len(prefix)+4 {
				continue
			}
			m, err := decodeMatter(k, v)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// Matter returns one version of code; version 0 means the latest. A
// missing matter or version is an error matching ErrNotFound.
func (db *DB) Matter(code string, version int) (Matter, error) {
	var m Matter
	err := db.bolt.View(func(tx *bolt.Tx) error {
		var err error
		m, err = readMatter(tx, code, version)
		return err
	})
	return m, err
}

func readMatter(tx *bolt.Tx, code string, version int) (Matter, error) {
	b := tx.Bucket(bMatters)
	if version < 0 {
		return Matter{}, fmt.Errorf("抽查事项 %s: 版本号 %d 无效", code, version)
	}
	if version == 0 {
		m, ok, err := latestMatter(b, code)
		if err != nil {
			return m, err
		}
		if !ok {
			return m, fmt.Errorf("抽查事项 %s: %w", code, ErrNotFound)
		}
		return m, nil
	}
	k := matterKey(code, version)
	v := b.Get(k)
	if v == nil {
		return Matter{}, fmt.Errorf("抽查事项 %s 第 %d 版: %w", code, version, ErrNotFound)
	}
	return decodeMatter(k, v)
}
