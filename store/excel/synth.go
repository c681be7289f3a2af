package excel

import "shuangsui/store"

// SyntheticUSCC makes a valid, obviously synthetic unified social credit
// code: 91 (enterprise), the county code, "MA", n in base 31 over seven
// places, and the check character.
func SyntheticUSCC(county string, n int) string {
	body := []byte("91" + county + "MA")
	var tail [7]byte
	for i := 6; i >= 0; i-- {
		tail[i] = store.USCCAlphabet[n%31]
		n /= 31
	}
	body = append(body, tail[:]...)
	c, err := store.USCCCheckChar(string(body))
	if err != nil {
		panic("SyntheticUSCC: " + err.Error())
	}
	return string(body) + string(c)
}
