package sampling

import "testing"

// checkJSON refuses what encoding/json lets pass: a member name in another
// letter case (also when written with \u escapes), a member twice in one
// object (at any depth), bytes that are not UTF-8; and it is not fooled by
// braces, commas and quotes inside strings.
func TestCheckJSON(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{`{"a":1,"b":{"c":[1,{"d":2}],"e":"f"}}`, true},
		{`{"a":{"x":1},"b":{"x":1}}`, true},
		{`{"a":"Seed","b":["Seed"],"c":"{\"Seed\":1,\"Seed\":2}"}`, true},
		{`{"a":"x\"y,\"a\":1","b":"\\"}`, true},
		{`[{"a":1},{"a":2}]`, true},
		{`{"a":"\u00ff 承"}`, true},
		{`{"a":1,"A":2}`, false},
		{`{"a":1,"a":2}`, false},
		{`{"a":[{"x":1,"x":2}]}`, false},
		{`{"\u0053eed":1}`, false},
		{`{"s\u0065ed":1,"seed":2}`, false},
		{`{"":1}`, false},
		{`{"a-b":1}`, false},
		{"{\"a\":\"\xff\"}", false},
		{`{"a":NaN}`, false},
		{`{"a":1`, false},
	} {
		if err := checkJSON([]byte(tc.in)); (err == nil) != tc.ok {
			t.Errorf("%s: %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}
