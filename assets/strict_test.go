package assets

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/sampling"
)

// resummarise recomputes the whole chain and the codes of the summary
// from the steps, as a forger who rewrites history would.
func resummarise(r map[string]any) {
	rehash(r, 0)
	for _, s := range arr(r["steps"]) {
		s := obj(s)
		switch s["kind"] {
		case sampling.StepSeal:
			r["verification_code"] = s["hash"]
		case sampling.StepSubstitute:
			r["amended_head"] = s["hash"]
		}
		r["head"] = s["hash"]
	}
}

func payloadOf(r map[string]any, i int) []byte {
	p, _ := base64.StdEncoding.DecodeString(obj(arr(r["steps"])[i])["payload"].(string))
	return p
}

func setPayload(r map[string]any, i int, p []byte) {
	obj(arr(r["steps"])[i])["payload"] = base64.StdEncoding.EncodeToString(p)
}

// SPEC.md §11: both verifiers refuse the same lax spellings of a record
// that Go's encoding/json alone would let pass, and the payloads written
// another way than the one SPEC gives, even with the chain re-hashed.
func TestVerifiersRefuseLaxSpellings(t *testing.T) {
	py := needPython(t)
	_, data := sealedRecordAfter(t, "strict", testInfo(), testFrame(sampling.MethodSimple, false, 3, 2), func(c *sampling.Ceremony, apply func(string, []byte, error)) {
		entries(t, c, apply)
	})
	compact := mustCompact(t, data)
	raw := func(name string, b []byte) string {
		path := filepath.Join(t.TempDir(), name+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	replace := func(old, new string) []byte {
		if !bytes.Contains(compact, []byte(old)) {
			t.Fatalf("record lacks %q", old)
		}
		return bytes.Replace(compact, []byte(old), []byte(new), 1)
	}
	var rec map[string]any
	json.Unmarshal(data, &rec)
	seed := rec["seed"].(string)
	code := rec["verification_code"].(string)
	seal := stepIndex(t, rec, sampling.StepSeal)
	teams := stepIndex(t, rec, sampling.StepTeams)
	result := stepIndex(t, rec, sampling.StepResult)
	cases := []struct{ name, path string }{
		{"member name in upper case", raw("upper", replace(`"seed":`, `"Seed":`))},
		{"unknown member in upper case beside the real one", raw("upper2", replace(`"verification_code":"`+code+`"`,
			`"verification_code":"`+code+`","VERIFICATION_CODE":"`+strings.Repeat("0", 64)+`"`))},
		{"duplicate member, the last one wrong", raw("dup", replace(`"seed":"`+seed+`"`, `"seed":"`+seed+`","seed":"0"`))},
		{"duplicate member, the last one right", raw("dup2", replace(`"seed":"`+seed+`"`, `"seed":"0","seed":"`+seed+`"`))},
		{"invalid UTF-8 in a string", raw("utf8", replace(`"place":"`, "\"place\":\"\xff"))},
		{"payload base64 with a line break", raw("b64nl", func() []byte {
			p := obj(arr(rec["steps"])[seal])["payload"].(string)
			return replace(`"payload":"`+p+`"`, `"payload":"`+p[:4]+`\n`+p[4:]+`"`)
		}())},
		{"payload base64 with non-zero trailing bits", raw("b64bits", func() []byte {
			p := ""
			for _, st := range arr(rec["steps"]) {
				if s := obj(st)["payload"].(string); strings.HasSuffix(s, "==") {
					p = s
					break
				}
			}
			q := []byte(p)
			q[len(q)-3]++ // the low 4 bits of the last character before "==" are padding
			return replace(`"payload":"`+p+`"`, `"payload":"`+string(q)+`"`)
		}())},
	}
	forged := func(name string, edit func(r map[string]any)) {
		cases = append(cases, struct{ name, path string }{name, tamper(t, data, name, func(r map[string]any) {
			edit(r)
			resummarise(r)
		})})
	}
	forged("step time with a space, re-hashed", func(r map[string]any) {
		s := obj(arr(r["steps"])[result])
		s["at"] = strings.Replace(s["at"].(string), "T", " ", 1)
	})
	forged("step time with a fraction, re-hashed", func(r map[string]any) {
		s := obj(arr(r["steps"])[result])
		s["at"] = strings.Replace(s["at"].(string), "+08:00", ".5+08:00", 1)
	})
	forged("step time going backwards, re-hashed", func(r map[string]any) {
		s := obj(arr(r["steps"])[result])
		s["at"] = "2026-03-15T09:00:00+08:00"
	})
	forged("entry member name in upper case, re-hashed", func(r map[string]any) {
		setPayload(r, result, bytes.Replace(payloadOf(r, result), []byte(`"subject"`), []byte(`"Subject"`), 1))
	})
	forged("entry member twice, re-hashed", func(r map[string]any) {
		setPayload(r, result, bytes.Replace(payloadOf(r, result), []byte(`"operator":`), []byte(`"operator":"某人","operator":`), 1))
	})
	forged("entry with a space, re-hashed", func(r map[string]any) {
		setPayload(r, result, bytes.Replace(payloadOf(r, result), []byte(`,"unit"`), []byte(`, "unit"`), 1))
	})
	forged("entry with an empty member left out, re-hashed", func(r map[string]any) {
		setPayload(r, result, bytes.Replace(payloadOf(r, result), []byte(`"reason":"",`), nil, 1))
	})
	forged("entry with notes null, re-hashed", func(r map[string]any) {
		setPayload(r, result, bytes.Replace(payloadOf(r, result), []byte(`"notes":""`), []byte(`"notes":null`), 1))
	})
	forged("entry with members in another order, re-hashed", func(r map[string]any) {
		setPayload(r, result, bytes.Replace(payloadOf(r, result), []byte(`{"subject":`), []byte(`{"unit":"X","subject":`), 1))
	})
	forged("teams payload with a space, re-hashed", func(r map[string]any) {
		p := payloadOf(r, teams)
		setPayload(r, teams, bytes.Replace(p, []byte(`"designated":false`), []byte(`"designated": false`), 1))
	})
	forged("seal payload with a space, re-hashed", func(r map[string]any) {
		setPayload(r, seal, []byte(`{"sealed":true }`))
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			goErr := goVerify(tc.path)
			out, code := runPy(t, py, "record", tc.path)
			if goErr == nil || code != 1 {
				t.Fatalf("go: %v; python exit %d: %s", goErr, code, out)
			}
			t.Logf("go: %v\npython: %s", goErr, strings.TrimSpace(out))
		})
	}
	// The true record passes both, compact or indented (formatting outside
	// the payloads is not content).
	for _, b := range [][]byte{compact, data} {
		p := raw("true", b)
		if err := goVerify(p); err != nil {
			t.Fatal(err)
		}
		if out, code := runPy(t, py, "record", p); code != 0 {
			t.Fatalf("python: %s", out)
		}
	}
}
