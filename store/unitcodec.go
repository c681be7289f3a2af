package store

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Units are the bulk of the file (a prefecture may hold hundreds of
// thousands), so they use a compact binary encoding instead of JSON:
//
//	byte     format version (1)
//	byte     flags: 1 direct-reporting, 2 key unit, 4 removed, 8 has override
//	strings  ID, Name, County, Category, Address, Contact, DishonestFrom,
//	         DishonestTo, Status, then, with flag 8, Override By, Reason, At
//
// each string as a uvarint byte length followed by its UTF-8 bytes.
const unitFormat = 1

const (
	flagDirect   = 1
	flagKey      = 2
	flagRemoved  = 4
	flagOverride = 8
)

func encodeUnit(u Unit) []byte {
	n := 2
	strs := [...]string{u.ID, u.Name, u.County, u.Category, u.Address, u.Contact, u.DishonestFrom, u.DishonestTo, u.Status}
	for _, s := range strs {
		n += binary.MaxVarintLen32 + len(s)
	}
	if u.CheckOverride != nil {
		n += 3*binary.MaxVarintLen32 + len(u.CheckOverride.By) + len(u.CheckOverride.Reason) + len(u.CheckOverride.At)
	}
	b := make([]byte, 0, n)
	var flags byte
	if u.DirectReporting {
		flags |= flagDirect
	}
	if u.Key {
		flags |= flagKey
	}
	if u.Removed {
		flags |= flagRemoved
	}
	if u.CheckOverride != nil {
		flags |= flagOverride
	}
	b = append(b, unitFormat, flags)
	put := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, s := range strs {
		put(s)
	}
	if o := u.CheckOverride; o != nil {
		put(o.By)
		put(o.Reason)
		put(o.At)
	}
	return b
}

var errUnitEncoding = errors.New("单位记录编码损坏")

// decodeUnit decodes a stored unit. The strings it returns are copies, so
// b may be memory inside a transaction.
func decodeUnit(b []byte) (Unit, error) {
	var u Unit
	if len(b) < 2 {
		return u, errUnitEncoding
	}
	if b[0] != unitFormat {
		return u, fmt.Errorf("单位记录格式版本 %d 无法识别: %w", b[0], errUnitEncoding)
	}
	flags := b[1]
	b = b[2:]
	bad := false
	get := func() string {
		if bad {
			return ""
		}
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			bad = true
			return ""
		}
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s
	}
	u.ID = get()
	u.Name = get()
	u.County = get()
	u.Category = get()
	u.Address = get()
	u.Contact = get()
	u.DishonestFrom = get()
	u.DishonestTo = get()
	u.Status = get()
	if flags&flagOverride != 0 {
		u.CheckOverride = &Override{By: get(), Reason: get(), At: get()}
	}
	u.DirectReporting = flags&flagDirect != 0
	u.Key = flags&flagKey != 0
	u.Removed = flags&flagRemoved != 0
	if bad || len(b) != 0 || flags&^(flagDirect|flagKey|flagRemoved|flagOverride) != 0 {
		return Unit{}, errUnitEncoding
	}
	return u, nil
}

// unitView is a stored unit read in place, without allocating: the slices
// point into the value (valid only inside its transaction).
type unitView struct {
	flags                              byte
	id, name, county, category, status []byte
	dishonestFrom, dishonestTo         []byte
}

// viewUnit parses a stored unit like decodeUnit, for the fields the frame
// reads, and checks the whole record's structure.
func viewUnit(b []byte) (unitView, error) {
	var v unitView
	if len(b) < 2 || b[0] != unitFormat || b[1]&^(flagDirect|flagKey|flagRemoved|flagOverride) != 0 {
		return v, errUnitEncoding
	}
	v.flags = b[1]
	b = b[2:]
	nfields := 9
	if v.flags&flagOverride != 0 {
		nfields = 12
	}
	for i := range nfields {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return unitView{}, errUnitEncoding
		}
		s := b[k : k+int(n) : k+int(n)]
		b = b[k+int(n):]
		switch i {
		case 0:
			v.id = s
		case 1:
			v.name = s
		case 2:
			v.county = s
		case 3:
			v.category = s
		case 6:
			v.dishonestFrom = s
		case 7:
			v.dishonestTo = s
		case 8:
			v.status = s
		}
	}
	if len(b) != 0 {
		return unitView{}, errUnitEncoding
	}
	return v, nil
}
