package sampling

import "testing"

func TestSeedHashVector(t *testing.T) {
	got := SeedHash("01382438112797316654")
	want := "a9c6a8879a42dc078b0393ba293718410cde1dd546180fe1fb41caab3b7c7ca0"
	if got != want {
		t.Fatalf("SeedHash = %s, want %s", got, want)
	}
}

func TestTicketVector(t *testing.T) {
	got := Ticket("01382438112797316654", "AB-130")
	want := "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"
	if got != want {
		t.Fatalf("Ticket = %s, want %s", got, want)
	}
}

func TestSampleNaiveVector(t *testing.T) {
	picks, err := SampleNaive([]string{"ab-1", "ab-2", "cd-1", "ef-3"}, "314159", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ id, prefix string }{
		{"cd-1", "0.317685817"}, {"ef-3", "0.832984519"}, {"ab-1", "0.9098039269"}, {"ab-2", "0.9231549043"},
	}
	if len(picks) != len(want) {
		t.Fatalf("got %d picks, want %d", len(picks), len(want))
	}
	for i, w := range want {
		p := picks[i]
		if p.ID != w.id || p.Ticket[:len(w.prefix)] != w.prefix || p.Rank != i+1 || p.Alternate != (i >= 2) {
			t.Errorf("pick %d = %+v, want id %s ticket %s…", i, p, w.id, w.prefix)
		}
	}
}
