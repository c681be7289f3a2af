package sampling

import (
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// fastTicket computes a ticket through the fast path.
func fastTicket(seed, id string) string {
	return ticketString(newTicketHasher(SeedHash(seed)).sum(id))
}

func TestTicketFastVectors(t *testing.T) {
	for _, v := range []struct{ seed, id, want string }{
		{"01382438112797316654", "AB-130", "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"},
		{"314159", "cd-1", "0.31768581747785156587475078210879339049271166286670250438649595728459169965731"},
		{"314159", "ef-3", "0.83298451953367065007352543092091514744623563372783686435813672834327753149391"},
		{"314159", "ab-1", "0.90980392695231990029929829006329474381949578102131434318841212552595405683451"},
		{"314159", "ab-2", "0.92315490438118380444601279583613827160113032867447843891859449897094255712289"},
	} {
		if got := Ticket(v.seed, v.id); got != v.want {
			t.Errorf("Ticket(%q, %q) = %s, want %s", v.seed, v.id, got, v.want)
		}
		if got := fastTicket(v.seed, v.id); got != v.want {
			t.Errorf("fast ticket(%q, %q) = %s, want %s", v.seed, v.id, got, v.want)
		}
	}
}

// TestTicketFastLengths covers ids whose padded tail is one, two and three
// blocks long, around the 55/56-byte boundary, and Chinese ids.
func TestTicketFastLengths(t *testing.T) {
	seeds := []string{"", "314159", "3-1-4-1-5-9", "双随机一公开", strings.Repeat("种子", 40)}
	for _, seed := range seeds {
		th := newTicketHasher(SeedHash(seed))
		if !th.fast {
			t.Fatalf("seed %q: the midstate shortcut is off; sha256 marshalling changed?", seed)
		}
		for n := 0; n <= 140; n++ {
			id := strings.Repeat("x", n)
			if n%3 == 0 {
				id = strings.Repeat("承", n/3)
			}
			want := Ticket(seed, id)
			if got := ticketString(th.sum(id)); got != want {
				t.Fatalf("seed %q id %q: fast %s, want %s", seed, id, got, want)
			}
			if got := ticketString(th.plainSum(id)); got != want {
				t.Fatalf("seed %q id %q: plain %s, want %s", seed, id, got, want)
			}
			if got, want := ticketKey(th.sum(id)), keyOfTicket(t, want); got != want {
				t.Fatalf("seed %q id %q: key %d, want %d", seed, id, got, want)
			}
			if got, want := th.key(id), keyOfTicket(t, want); got != want {
				t.Fatalf("seed %q id %q: table key %d, want %d", seed, id, got, want)
			}
		}
	}
}

// TestTicketPlainFallback checks the hasher with the shortcut turned off.
func TestTicketPlainFallback(t *testing.T) {
	th := newTicketHasher(SeedHash("314159"))
	th.fast = false
	if got, want := ticketString(th.sum("ab-2")), Ticket("314159", "ab-2"); got != want {
		t.Fatalf("plain path %s, want %s", got, want)
	}
	short := newTicketHasher("not 64 bytes")
	if short.fast {
		t.Fatal("a prefix that is not one block must not use the shortcut")
	}
}

func keyOfTicket(t *testing.T, ticket string) uint64 {
	t.Helper()
	k, err := strconv.ParseUint(ticket[2:20], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestPowModConstants(t *testing.T) {
	m := big.NewInt(e18)
	for i, c := range []uint64{pow64Mod18, pow128Mod18, pow192Mod18} {
		want := new(big.Int).Exp(big.NewInt(2), big.NewInt(int64(64*(i+1))), m)
		if want.Uint64() != c {
			t.Errorf("2^%d mod 10^18 = %s, constant says %d", 64*(i+1), want, c)
		}
	}
}

// TestTicketKeyExtremes checks keys and tickets of constructed values:
// zero, all ones, and numbers with many zero digits.
func TestTicketKeyExtremes(t *testing.T) {
	max := ^uint64(0)
	cases := [][4]uint64{
		{}, {0, 0, 0, 1}, {0, 0, 0, 10}, {0, 0, 0, e18}, {0, 0, 0, e18 - 1}, {0, 0, 1, 0},
		{max, max, max, max}, {max, 0, 0, 0}, {0, max, 0, 0}, {0, 0, max, 0},
		{0x8000000000000000, 0, 0, 0}, {1, 2, 3, 4},
	}
	for _, x := range cases {
		b := new(big.Int)
		for _, w := range x {
			b.Lsh(b, 64)
			b.Or(b, new(big.Int).SetUint64(w))
		}
		d := b.String()
		for len(d) < 64 {
			d = "0" + d
		}
		rev := []byte(d)
		for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
			rev[i], rev[j] = rev[j], rev[i]
		}
		want := "0." + string(rev)
		if got := ticketString(x); got != want {
			t.Errorf("ticketString(%x) = %s, want %s", x, got, want)
		}
		if got, wantKey := ticketKey(x), keyOfTicket(t, want); got != wantKey {
			t.Errorf("ticketKey(%x) = %d, want %d", x, got, wantKey)
		}
	}
}

// TestMod18 compares mod18 and both digit reversals with big integers on
// pseudo-random and extreme limbs.
func TestMod18(t *testing.T) {
	th := newTicketHasher(SeedHash("mod"))
	m := big.NewInt(e18)
	s := uint64(88172645463325252)
	next := func() uint64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
	for i := range 20000 {
		x := [4]uint64{next(), next(), next(), next()}
		switch i % 5 {
		case 1:
			x[0], x[1] = ^uint64(0), ^uint64(0)
		case 2:
			x[2], x[3] = ^uint64(0), ^uint64(0)
		case 3:
			x = [4]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0) - uint64(i)}
		case 4:
			x[0], x[1], x[2] = 0, 0, 0
		}
		b := new(big.Int)
		for _, w := range x {
			b.Lsh(b, 64)
			b.Or(b, new(big.Int).SetUint64(w))
		}
		want := b.Mod(b, m).Uint64()
		if got := mod18(x); got != want {
			t.Fatalf("mod18(%x) = %d, want %d", x, got, want)
		}
		digits := []byte(fmt.Sprintf("%018d", want))
		slices.Reverse(digits)
		rev, _ := strconv.ParseUint(string(digits), 10, 64)
		if got := reverse18(want); got != rev {
			t.Fatalf("reverse18(%d) = %d, want %d", want, got, rev)
		}
		if got := th.rev9(want%e9)*e9 + th.rev9(want/e9); got != rev {
			t.Fatalf("table reversal of %d = %d, want %d", want, got, rev)
		}
	}
}
