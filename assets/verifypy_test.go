package assets

// This test runs the independent Python verifier (verify.py, written from
// sampling/SPEC.md alone) against records that the Go ceremony produced. The
// Go package is used only to BUILD the inputs — a sealed ceremony and its
// exported record — never to compute what the Python should answer: the
// Python must re-derive every draw by itself.

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shuangsui/sampling"
	"shuangsui/sampling/recordtest"
)

func needPython(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not on PATH")
	}
	return py
}

// runPy runs verify.py with args and returns its combined output and exit
// status. For the record command verify.js runs too (agreeJS): the same
// verdict and the same first mismatch, or the test fails.
func runPy(t *testing.T, py string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(py, append([]string{"verify.py"}, args...)...)
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("python3 verify.py %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	if len(args) > 0 && args[0] == "record" {
		agreeJS(t, args, string(out), code)
	}
	return string(out), code
}

func TestVerifyPySelftest(t *testing.T) {
	py := needPython(t)
	out, code := runPy(t, py, "selftest")
	if code != 0 {
		t.Fatalf("verify.py selftest: exit %d\n%s", code, out)
	}
}

// testFrame is a synthetic frame of the eight counties of 承德 with a few
// hundred units and fifty inspectors of varied specialties, conflicts,
// certificates and leader flags.
func testFrame(method string, designated bool, k, members int) sampling.Frame {
	rng := rand.New(rand.NewPCG(2026, 315))
	counties := []sampling.County{
		{ID: "130821", Name: "承德县"}, {ID: "130822", Name: "兴隆县"},
		{ID: "130824", Name: "滦平县"}, {ID: "130825", Name: "隆化县"},
		{ID: "130826", Name: "丰宁满族自治县"}, {ID: "130827", Name: "宽城满族自治县"},
		{ID: "130828", Name: "围场满族蒙古族自治县"}, {ID: "130881", Name: "平泉市"},
	}
	perCounty := []int{62, 47, 41, 36, 30, 25, 3, 2}
	categories := []string{"工业", "批发和零售业", "住宿和餐饮业", "房地产开发经营业", "规模以上服务业"}
	const uscc = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	var units []sampling.Unit
	unitsOf := map[string][]string{}
	for ci, c := range counties {
		for n := 0; n < perCounty[ci]; n++ {
			var code strings.Builder
			code.WriteString("91" + c.ID)
			for range 10 {
				code.WriteByte(uscc[rng.IntN(len(uscc))])
			}
			u := sampling.Unit{
				ID:       code.String(),
				County:   c.ID,
				Name:     fmt.Sprintf("%s第%d有限公司", strings.TrimSuffix(c.Name, "县"), n+1),
				Category: categories[rng.IntN(len(categories))],
			}
			units = append(units, u)
			unitsOf[c.ID] = append(unitsOf[c.ID], u.ID)
		}
	}
	surnames := []rune("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
	given := []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"}
	var inspectors []sampling.Inspector
	for n := 0; n < 50; n++ {
		specs := []string{"综合"}
		if rng.IntN(10) < 7 {
			specs = append(specs, "工业")
		}
		if rng.IntN(3) == 0 {
			specs = append(specs, "农业")
		}
		if n%9 == 4 {
			specs = []string{"农业"}
		}
		in := sampling.Inspector{
			ID:              fmt.Sprintf("冀统执130800%04d", 37*n%1000+n),
			Name:            string(surnames[n%len(surnames)]) + given[(n*7)%len(given)],
			HomeCounty:      counties[n%len(counties)].ID,
			Specialties:     specs,
			LeaderQualified: n%3 == 0 || (k == len(counties) && n%5 == 1), // more leaders when every county is drawn
			Active:          n%11 != 5,
			ValidUntil:      "2027-06-30",
		}
		switch n % 13 {
		case 3:
			in.ValidUntil = "2025-12-31" // expired
		case 7:
			in.ValidUntil = "2026-03-15" // last valid day = draw date
		}
		if n%10 == 0 {
			in.HomeCounty = "" // city bureau
		}
		if n%6 == 1 {
			in.ConflictCounties = []string{counties[(n+3)%len(counties)].ID}
		}
		if n%7 == 2 {
			c := counties[(n+1)%6].ID
			in.ConflictUnits = []string{unitsOf[c][n%len(unitsOf[c])], unitsOf[c][(n+5)%len(unitsOf[c])]}
		}
		inspectors = append(inspectors, in)
	}
	f := sampling.Frame{
		Matter:   sampling.Matter{Code: "TJ-2026-03", Version: 2, Name: "统计数据质量“双随机”抽查", Specialty: "工业"},
		DrawDate: "2026-03-15",
		Params: sampling.Params{
			Counties:       k,
			UnitsPerCounty: 5,
			UnitsOverride:  []sampling.CountyCount{{County: "130881", Units: 4}, {County: "130821", Units: 8}},
			Method:         method,
			Members:        members,
			Alternates:     2,
		},
		Counties:   counties,
		Units:      units,
		Inspectors: inspectors,
	}
	if designated {
		for _, in := range inspectors {
			if in.LeaderQualified && in.Active && in.ValidUntil >= f.DrawDate &&
				len(in.ConflictCounties) == 0 && len(in.ConflictUnits) == 0 && len(f.Params.Leaders) < 6 {
				f.Params.Leaders = append(f.Params.Leaders, in.ID)
			}
		}
	}
	return f
}

// sealedRecord runs a whole ceremony in memory and writes its exported
// record to a file; it returns the path and the record's JSON.
func sealedRecord(t *testing.T, name string, f sampling.Frame, substitute bool) (string, []byte) {
	t.Helper()
	return sealedRecordInfo(t, name, testInfo(), f, substitute)
}

func testInfo() sampling.Info {
	return sampling.Info{
		Title:          "承德市统计局“双随机、一公开”随机抽取见证记录",
		Organisation:   "承德市统计局",
		Round:          "2026年第一轮",
		Place:          "市局三楼会议室 <A&B>",
		Operator:       "李明",
		Supervisor:     "王芳",
		MatterBasis:    "《中华人民共和国统计法》",
		MatterContent:  "统计数据真实性、准确性",
		Scope:          "一套表联网直报单位",
		NoRepeatMonths: 12,
		MinDigits:      20,
	}
}

// sealedRecordInfo is sealedRecord with the given info.
func sealedRecordInfo(t *testing.T, name string, info sampling.Info, f sampling.Frame, substitute bool) (string, []byte) {
	t.Helper()
	var after func(*sampling.Ceremony, func(string, []byte, error))
	if substitute {
		after = func(c *sampling.Ceremony, apply func(string, []byte, error)) { substitutions(t, c, apply) }
	}
	return sealedRecordAfter(t, name, info, f, after)
}

// sealedRecordAfter is sealedRecordInfo with after, when not nil, adding
// steps after the seal.
func sealedRecordAfter(t *testing.T, name string, info sampling.Info, f sampling.Frame, after func(*sampling.Ceremony, func(string, []byte, error))) (string, []byte) {
	t.Helper()
	return buildRecord(t, name, info, f, func(c *sampling.Ceremony, apply func(string, []byte, error)) {
		for _, w := range []sampling.Witness{
			{Name: "张伟", Role: "承德县统计局", Digits: "38271"},
			{Name: "刘秀英", Role: "市纪委监委派驻纪检组", Digits: "90412"},
			{Name: "陈静", Role: "企业代表", Digits: "77315"},
			{Name: "赵磊", Role: "市局法规科", Digits: "02846"},
		} {
			apply(c.AddWitness(w))
		}
	}, after)
}

// buildRecord makes the record of a sealed ceremony on f: witnesses adds
// the witness steps, after (when not nil) steps after the seal.
func buildRecord(t *testing.T, name string, info sampling.Info, f sampling.Frame, witnesses, after func(*sampling.Ceremony, func(string, []byte, error))) (string, []byte) {
	t.Helper()
	var c sampling.Ceremony
	base := time.Date(2026, 3, 15, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	apply := func(kind string, payload []byte, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %s: %v", name, kind, err)
		}
		prev := sampling.GenesisHash
		if n := len(c.Steps); n > 0 {
			prev = c.Steps[n-1].Hash
		}
		seq := uint64(len(c.Steps) + 1)
		at := base.Add(time.Duration(seq) * 17 * time.Second).Format(time.RFC3339)
		step := sampling.Step{Seq: seq, Kind: kind, At: at, Payload: payload, Prev: prev,
			Hash: sampling.StepHash(prev, seq, kind, at, payload)}
		if err := c.Apply(step); err != nil {
			t.Fatalf("%s: apply %s: %v", name, kind, err)
		}
	}
	apply(c.Commit(info, f))
	witnesses(&c, apply)
	apply(c.FixSeed())
	for i := 0; c.Phase != sampling.PhaseSealed; i++ {
		if i > 100 {
			t.Fatalf("%s: ceremony does not seal (phase %v)", name, c.Phase)
		}
		apply(c.Next())
	}
	if after != nil {
		after(&c, apply)
	}
	rec, err := sampling.NewRecord("CD-2026-"+name, &c)
	if err != nil {
		t.Fatalf("%s: NewRecord: %v", name, err)
	}
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// substitutions appends substitute steps after the seal: a unit twice in a
// row (so that one substituted in is substituted out again), the members made
// unfit by the new units, a member of another team and a team leader.
func substitutions(t *testing.T, c *sampling.Ceremony, apply func(string, []byte, error)) {
	t.Helper()
	sub := func(kind, county, out, reason string) string {
		t.Helper()
		k, payload, err := c.Substitute(kind, county, out, reason, "李明")
		apply(k, payload, err)
		var s sampling.Substitution
		if err := json.Unmarshal(payload, &s); err != nil {
			t.Fatal(err)
		}
		return s.In
	}
	c0 := c.Result.Units[0].County
	in := sub(sampling.SubstituteUnit, c0, c.Result.Units[0].Picks[0].ID, "已注销")
	sub(sampling.SubstituteUnit, c0, in, "停产")
	for _, id := range c.Unfit(c0) {
		sub(sampling.SubstituteInspector, c0, id, "与新抽中单位有利害关系")
	}
	t1 := c.Result.Teams[1]
	sub(sampling.SubstituteInspector, t1.County, t1.Members[len(t1.Members)-1].ID, "病假")
	t2 := c.Result.Teams[2]
	sub(sampling.SubstituteInspector, t2.County, t2.Leader.ID, "回避")
}

// tamper decodes a record, lets edit change it, and writes it to a new file.
func tamper(t *testing.T, data []byte, name string, edit func(r map[string]any)) string {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	edit(r)
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name+".json")
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func obj(v any) map[string]any { return v.(map[string]any) }
func arr(v any) []any          { return v.([]any) }

// stepIndex is the index of the first step of kind in a decoded record.
func stepIndex(t *testing.T, r map[string]any, kind string) int {
	t.Helper()
	for i, s := range arr(r["steps"]) {
		if obj(s)["kind"] == kind {
			return i
		}
	}
	t.Fatalf("no %s step", kind)
	return -1
}

// rehash recomputes the chain from step i on and the verification code, as
// a forger who rewrites history would.
func rehash(r map[string]any, from int) {
	steps := arr(r["steps"])
	for i := from; i < len(steps); i++ {
		s := obj(steps[i])
		payload, _ := base64.StdEncoding.DecodeString(s["payload"].(string))
		prev := sampling.GenesisHash
		if i > 0 {
			prev = obj(steps[i-1])["hash"].(string)
		}
		s["prev"] = prev
		s["hash"] = sampling.StepHash(prev, uint64(i+1), s["kind"].(string), s["at"].(string), payload)
	}
	r["verification_code"] = obj(steps[len(steps)-1])["hash"]
}

// editFrame rewrites the commit step of a decoded record with its frame
// changed by edit (canonical, compressed); the fingerprint is recomputed
// when refingerprint is true. The chain is left for the caller to re-hash.
func editFrame(t *testing.T, r map[string]any, edit func(*sampling.Frame), refingerprint bool) {
	t.Helper()
	p, f, _, err := sampling.DecodeCommit(payloadOf(r, 0))
	if err != nil {
		t.Fatal(err)
	}
	edit(&f)
	text, err := f.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	if refingerprint {
		if p.Fingerprint, err = f.Fingerprint(); err != nil {
			t.Fatal(err)
		}
	}
	if p.FrameGzip, err = sampling.CompressFrame(text); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	setPayload(r, 0, b)
}

func mustCanonical(t *testing.T, f sampling.Frame) []byte {
	t.Helper()
	text, err := f.Canonical()
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// frameOf is the frame of a decoded record's commit step.
func frameOf(t *testing.T, r map[string]any) sampling.Frame {
	t.Helper()
	_, f, _, err := sampling.DecodeCommit(payloadOf(r, 0))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// asFormat1 rewrites a record without entries after the seal as a record
// of format 1 is written: the commit with the frame as JSON (the chain
// re-hashed), the frame in the summary, no head.
func asFormat1(t *testing.T, data []byte) []byte {
	t.Helper()
	r := mustDecode(t, data)
	f := frameOf(t, r)
	p, _, _, _ := sampling.DecodeCommit(payloadOf(r, 0))
	p.Frame, p.FrameGzip = &f, ""
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	setPayload(r, 0, b)
	resummarise(r)
	delete(r, "head")
	r["format"] = sampling.RecordFormat1
	fj, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	var fm any
	if err := json.Unmarshal(fj, &fm); err != nil {
		t.Fatal(err)
	}
	r["frame"] = fm
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestVerifyPyRecords(t *testing.T) {
	py := needPython(t)
	cases := []struct {
		name       string
		method     string
		designated bool
		k, members int
		substitute bool
	}{
		{"simple", sampling.MethodSimple, false, 3, 2, false},
		{"systematic", sampling.MethodSystematic, false, 3, 2, false},
		{"designated", sampling.MethodSimple, true, 3, 2, false},
		// Every county drawn, so that small counties (take < m, and an
		// override larger than the county) are drawn too.
		{"all-counties", sampling.MethodSystematic, false, 8, 1, false},
		// Substitutions after the seal (SPEC §9), drawn and designated leaders.
		{"substituted", sampling.MethodSystematic, false, 3, 2, true},
		{"substituted-designated", sampling.MethodSimple, true, 3, 2, true},
	}
	records := map[string][]byte{}
	for _, tc := range cases {
		f := testFrame(tc.method, tc.designated, tc.k, tc.members)
		if tc.designated && len(f.Params.Leaders) < 4 {
			t.Fatalf("test frame has only %d designated leaders", len(f.Params.Leaders))
		}
		path, data := sealedRecord(t, tc.name, f, tc.substitute)
		records[tc.name] = data
		out, code := runPy(t, py, "record", path)
		if code != 0 || !strings.Contains(out, "通过") {
			t.Errorf("verify.py record %s: exit %d, want 0\n%s", tc.name, code, out)
		} else {
			t.Logf("%s: %s", tc.name, strings.TrimSpace(out))
		}
	}
	// Format 1 (the frame as JSON in the commit and the summary) still verifies.
	records["simple v1"] = asFormat1(t, records["simple"])
	v1 := filepath.Join(t.TempDir(), "simple-v1.json")
	if err := os.WriteFile(v1, records["simple v1"], 0o644); err != nil {
		t.Fatal(err)
	}
	if out, code := runPy(t, py, "record", v1); code != 0 {
		t.Errorf("verify.py record of format 1: exit %d\n%s", code, out)
	}
	if err := goVerify(v1); err != nil {
		t.Errorf("go verify of format 1: %v", err)
	}

	type tamperCase struct {
		name   string
		record string
		edit   func(t *testing.T, r map[string]any)
		want   string // must appear in the verifier's report
	}
	tampers := []tamperCase{
		{"witness digit in summary", "simple", func(t *testing.T, r map[string]any) {
			w := obj(arr(r["witnesses"])[1])
			d := []byte(w["digits"].(string))
			d[2] = '0' + (d[2]-'0'+1)%10
			w["digits"] = string(d)
		}, "witnesses"},
		{"byte of the counties step payload", "simple", func(t *testing.T, r map[string]any) {
			i := stepIndex(t, r, sampling.StepCounties)
			s := obj(arr(r["steps"])[i])
			p, _ := base64.StdEncoding.DecodeString(s["payload"].(string))
			k := strings.Index(string(p), `"ticket":"0.`) + len(`"ticket":"0.`) + 3
			p[k] = '0' + (p[k]-'0'+1)%10
			s["payload"] = base64.StdEncoding.EncodeToString(p)
		}, fmt.Sprintf("第 %d 步", 0)},
		{"two unit picks swapped in summary", "simple", func(t *testing.T, r map[string]any) {
			picks := arr(obj(arr(obj(r["result"])["units"])[0])["picks"])
			a, b := obj(picks[0]), obj(picks[1])
			a["id"], b["id"] = b["id"], a["id"]
		}, "result.units"},
		{"seed in summary", "systematic", func(t *testing.T, r map[string]any) {
			r["seed"] = strings.Replace(r["seed"].(string), "9", "8", 1)
		}, "seed"},
		{"designated leader in summary", "designated", func(t *testing.T, r map[string]any) {
			teams := arr(obj(r["result"])["teams"])
			a, b := obj(obj(teams[0])["leader"]), obj(obj(teams[1])["leader"])
			a["id"], b["id"] = b["id"], a["id"]
		}, "result.teams"},
		{"frame in the summary of format 1", "simple v1", func(t *testing.T, r map[string]any) {
			ins := obj(arr(obj(r["frame"])["inspectors"])[0])
			ins["active"] = !ins["active"].(bool)
		}, "frame"},
		{"a frame member in a record of format 2", "simple", func(t *testing.T, r map[string]any) {
			r["frame"] = map[string]any{"draw_date": "2026-03-15"}
		}, "frame"},
		{"forged chain: the frame's text not canonical, rehashed", "simple", func(t *testing.T, r map[string]any) {
			text := []byte(strings.Replace(string(mustCanonical(t, frameOf(t, r))), "\tsimple\t", "\tsimple\t0", 1))
			p, _, _, _ := sampling.DecodeCommit(payloadOf(r, 0))
			p.FrameGzip, _ = sampling.CompressFrame(text)
			sum := sha256.Sum256(text)
			p.Fingerprint = hex.EncodeToString(sum[:])
			b, _ := json.Marshal(p)
			setPayload(r, 0, b)
			rehash(r, 0)
		}, "不是规范格式"},
		{"forged chain: format 1 with frame_gzip", "simple", func(t *testing.T, r map[string]any) {
			r["format"] = sampling.RecordFormat1
			delete(r, "head")
			fj, _ := json.Marshal(frameOf(t, r))
			var fm any
			json.Unmarshal(fj, &fm)
			r["frame"] = fm
		}, "frame_gzip"},
		{"forged chain: units step rewritten and rehashed", "systematic", func(t *testing.T, r map[string]any) {
			i := stepIndex(t, r, sampling.StepUnits)
			s := obj(arr(r["steps"])[i])
			p, _ := base64.StdEncoding.DecodeString(s["payload"].(string))
			var ud map[string]any
			if err := json.Unmarshal(p, &ud); err != nil {
				t.Fatal(err)
			}
			picks := arr(ud["picks"])
			a, b := obj(picks[0]), obj(picks[1])
			a["id"], b["id"] = b["id"], a["id"]
			p, _ = json.Marshal(ud)
			s["payload"] = base64.StdEncoding.EncodeToString(p)
			rehash(r, i)
		}, "(units)"},
		{"forged chain: seed step rewritten and rehashed", "designated", func(t *testing.T, r map[string]any) {
			i := stepIndex(t, r, sampling.StepSeed)
			s := obj(arr(r["steps"])[i])
			s["payload"] = base64.StdEncoding.EncodeToString([]byte(`{"seed":"11111-22222-33333-44444"}`))
			rehash(r, i)
		}, "(seed)"},
		{"forged chain: infeasible frame committed and rehashed", "simple", func(t *testing.T, r map[string]any) {
			editFrame(t, r, func(f *sampling.Frame) { f.Params.Members = 40 }, true)
			rehash(r, 0)
		}, "members"},
		{"forged chain: fingerprint of another frame", "simple", func(t *testing.T, r map[string]any) {
			editFrame(t, r, func(f *sampling.Frame) { f.Units[0].Name += "（已注销）" }, false)
			rehash(r, 0)
		}, "fingerprint"},
		{"substitution in summary", "substituted", func(t *testing.T, r map[string]any) {
			subs := arr(r["substitutions"])
			a, b := obj(subs[0]), obj(subs[len(subs)-1])
			a["in"] = b["in"]
		}, "substitutions"},
		{"forged chain: substitute step chooses by hand", "substituted-designated", func(t *testing.T, r map[string]any) {
			i := stepIndex(t, r, sampling.StepSubstitute)
			s := obj(arr(r["steps"])[i])
			p, _ := base64.StdEncoding.DecodeString(s["payload"].(string))
			var sub sampling.Substitution
			if err := json.Unmarshal(p, &sub); err != nil {
				t.Fatal(err)
			}
			for _, u := range frameOf(t, r).Units {
				if id := u.ID; u.County == sub.County && id != sub.In && id != sub.Out {
					sub.In = id // a unit picked by hand
				}
			}
			p, _ = json.Marshal(sub)
			s["payload"] = base64.StdEncoding.EncodeToString(p)
			rehash(r, i)
			r["amended_head"] = r["verification_code"]
			r["verification_code"] = obj(arr(r["steps"])[stepIndex(t, r, sampling.StepSeal)])["hash"]
		}, "(substitute)"},
		{"verification code", "designated", func(t *testing.T, r map[string]any) {
			r["verification_code"] = strings.Repeat("0", 64)
		}, "verification_code"},
	}
	for _, tc := range tampers {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			path := tamper(t, records[tc.record], strings.ReplaceAll(tc.name, " ", "-"), func(r map[string]any) {
				tc.edit(t, r)
				if strings.HasPrefix(want, "第 0 步") {
					want = fmt.Sprintf("第 %d 步", stepIndex(t, r, sampling.StepCounties)+1)
				}
			})
			out, code := runPy(t, py, "record", path)
			if code == 0 {
				t.Fatalf("tampered record passed:\n%s", out)
			}
			if !strings.Contains(out, "不通过") || !strings.Contains(out, want) {
				t.Errorf("report does not name %q:\n%s", want, out)
			} else {
				t.Logf("exit %d: %s", code, strings.TrimSpace(out))
			}
		})
	}
}

// goVerify reads a record file as the Go command does
// (sampling.ParseRecord) and verifies it with package sampling.
func goVerify(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rec, err := sampling.ParseRecord(data)
	if err != nil {
		return err
	}
	_, err = sampling.Verify(rec)
	return err
}

// Both verifiers must give the same verdict on the same file: an empty
// optional field ([], null, "", 0, false) equals an omitted one (SPEC.md §8),
// formatting does not matter, and a value of the wrong type, a member the
// record does not have or data after the record are refused.
func TestVerifiersAgreeOnEmptyAndOmitted(t *testing.T) {
	py := needPython(t)
	// A record whose optional fields are empty: no overrides, no designated
	// leaders, no alternates, no supervisor, an inspector without
	// specialties, no substitutions; and two records with substitutions
	// (systematic, designated leaders, a leader replaced without ticket).
	bare := testFrame(sampling.MethodSimple, false, 3, 2)
	bare.Params.UnitsOverride = nil
	bare.Params.Alternates = 0
	bare.Inspectors[1].Specialties = nil
	info := testInfo()
	info.Supervisor = ""
	names := []string{"bare", "substituted", "substituted-designated"}
	records := map[string][]byte{}
	_, records["bare"] = sealedRecordInfo(t, "bare", info, bare, false)
	_, records["substituted"] = sealedRecord(t, "substituted", testFrame(sampling.MethodSystematic, false, 3, 2), true)
	_, records["substituted-designated"] = sealedRecord(t, "substituted-designated", testFrame(sampling.MethodSimple, true, 3, 2), true)
	// The frame's optional lists are in the summary of format 1 only.
	for _, name := range names {
		records[name+" v1"] = asFormat1(t, records[name])
		names = append(names, name+" v1")
	}
	if n := len(arr(mustDecode(t, records["bare"])["steps"])); n != 12 {
		t.Fatalf("the bare record has %d steps, want 12", n)
	}

	type variant struct {
		name string
		data []byte
		pass bool
	}
	var variants []variant
	// edit adds the record as f changes it; nothing when f changes nothing.
	edit := func(name, record string, pass bool, f func(r map[string]any) bool) bool {
		r := mustDecode(t, records[record])
		if !f(r) {
			return false
		}
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		variants = append(variants, variant{name, data, pass})
		return true
	}
	// Each field alone, as the empty value of its kind ([] where the Go
	// program omits the member or writes null), in the first record that
	// has it empty; then every field at once in each form.
	for _, field := range recordtest.OptionalFields {
		path := strings.Split(field.Path, ".")
		form := recordtest.EmptyForms(field.Kind)[2]
		covered := false
		for _, rec := range names {
			edit(fmt.Sprintf("%s: %s %s", rec, field.Path, form), rec, true, func(r map[string]any) bool {
				covered = recordtest.SetEmpty(r, path, form) > 0
				return covered
			})
			if covered {
				break
			}
		}
		if !covered {
			t.Errorf("%s: no test record has it empty", field.Path)
		}
	}
	for _, rec := range names {
		for _, form := range []string{"omitted", "null", "zero"} {
			edit(rec+": every optional field "+form, rec, true, func(r map[string]any) bool {
				n := 0
				for _, field := range recordtest.OptionalFields {
					f := form
					if f == "zero" {
						f = recordtest.EmptyForms(field.Kind)[2]
					}
					n += recordtest.SetEmpty(r, strings.Split(field.Path, "."), f)
				}
				return n > 0
			})
		}
	}
	variants = append(variants,
		variant{"bare: compact, no indentation", mustCompact(t, records["bare"]), true},
		variant{"bare: extra whitespace between tokens", bytes.ReplaceAll(records["bare"], []byte(": "), []byte(" :\t ")), true},
		variant{"bare: whitespace after the record", append(bytes.Clone(records["bare"]), "\n\n  "...), true},
		variant{"bare: data after the record", append(bytes.Clone(records["bare"]), " {}"...), false},
	)
	// An empty value of the bare record written as another type's: the
	// record must have it empty, or the variant would not be tried.
	wrongType := func(name string, path []string, form string) {
		if !edit(name, "bare", false, func(r map[string]any) bool { return recordtest.SetEmpty(r, path, form) > 0 }) {
			t.Errorf("%s: the bare record has no empty %s", name, strings.Join(path, "."))
		}
	}
	wrongType("bare: a number as an empty string", []string{"result", "counties", "*", "position"}, `""`)
	wrongType("bare: a flag as 0", []string{"result", "teams", "*", "leader", "alternate"}, "0")
	wrongType("bare: a string as []", []string{"info", "supervisor"}, "[]")
	wrongType("bare: a list as an empty string", []string{"substitutions"}, `""`)
	edit("bare: an unknown empty member", "bare", false, func(r map[string]any) bool {
		obj(arr(obj(r["result"])["counties"])[0])["note"] = ""
		return true
	})
	// The program that wrote the record is informational (SPEC §8): any
	// string passes, another type does not.
	edit("bare: written by another build", "bare", true, func(r map[string]any) bool {
		r["program"] = "shuangsui v0.9.0-3-g0123456 (0123456789ab, 2026-11-30)"
		return true
	})
	edit("bare: program as a number", "bare", false, func(r map[string]any) bool {
		r["program"] = 1
		return true
	})
	edit("bare: an unknown member at the top", "bare", false, func(r map[string]any) bool {
		r["comment"] = "x"
		return true
	})
	edit("substituted: substitutions emptied", "substituted", false, func(r map[string]any) bool {
		r["substitutions"] = []any{}
		return true
	})
	edit("substituted: amended head emptied", "substituted", false, func(r map[string]any) bool {
		r["amended_head"] = ""
		return true
	})

	dir := t.TempDir()
	for i, v := range variants {
		path := filepath.Join(dir, fmt.Sprintf("v%03d.json", i))
		if err := os.WriteFile(path, v.data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			out, code := runPy(t, py, "record", path)
			goErr := goVerify(path)
			if (code == 0) != v.pass || (goErr == nil) != v.pass {
				t.Errorf("want pass=%v; verify.py exit %d: %s; Go: %v", v.pass, code, strings.TrimSpace(out), goErr)
			}
		})
	}
}

func mustDecode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func mustCompact(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestVerifiersAgreeOnWitnessRemoval: a record in which a witness was
// taken off the list before the seed and added again with corrected
// digits passes both verifiers, the seed made from the list that is left;
// a removal rewritten (and the chain rehashed) to name another witness,
// a witness past the list, no reason, or a removal moved after the seed
// fails both.
func TestVerifiersAgreeOnWitnessRemoval(t *testing.T) {
	py := needPython(t)
	_, data := buildRecord(t, "witness-removed", testInfo(), testFrame(sampling.MethodSimple, false, 3, 2),
		func(c *sampling.Ceremony, apply func(string, []byte, error)) {
			for _, w := range []sampling.Witness{
				{Name: "张伟", Role: "承德县统计局", Digits: "38271"},
				{Name: "刘秀英", Role: "市纪委监委派驻纪检组", Digits: "90421"},
				{Name: "陈静", Role: "企业代表", Digits: "77315"},
				{Name: "赵磊", Role: "市局法规科", Digits: "02846"},
			} {
				apply(c.AddWitness(w))
			}
			apply(c.RemoveWitness(2, "数字输错"))
			apply(c.AddWitness(sampling.Witness{Name: "刘秀英", Role: "市纪委监委派驻纪检组", Digits: "90412"}))
		}, nil)
	rec := mustDecode(t, data)
	if got := rec["seed"]; got != "38271-77315-02846-90412" {
		t.Fatalf("seed %v", got)
	}
	removal := stepIndex(t, rec, sampling.StepWitnessRemove)
	setPayload := func(r map[string]any, i int, payload string) {
		obj(arr(r["steps"])[i])["payload"] = base64.StdEncoding.EncodeToString([]byte(payload))
		rehash(r, i)
	}
	type variant struct {
		name string
		edit func(r map[string]any)
		pass bool
	}
	variants := []variant{
		{"as written", func(map[string]any) {}, true},
		{"another witness named", func(r map[string]any) {
			setPayload(r, removal, `{"index":2,"name":"陈静","reason":"数字输错"}`)
		}, false},
		{"a witness past the list", func(r map[string]any) {
			setPayload(r, removal, `{"index":9,"name":"刘秀英","reason":"数字输错"}`)
		}, false},
		{"no reason", func(r map[string]any) {
			setPayload(r, removal, `{"index":2,"name":"刘秀英","reason":" "}`)
		}, false},
		{"an unknown member", func(r map[string]any) {
			setPayload(r, removal, `{"index":2,"name":"刘秀英","reason":"数字输错","by":"x"}`)
		}, false},
		{"the removal after the seed", func(r map[string]any) {
			steps := arr(r["steps"])
			seed := stepIndex(t, r, sampling.StepSeed)
			a, b := obj(steps[removal]), obj(steps[seed])
			a["kind"], b["kind"] = b["kind"], a["kind"]
			a["payload"], b["payload"] = b["payload"], a["payload"]
			rehash(r, removal)
		}, false},
	}
	dir := t.TempDir()
	for i, v := range variants {
		r := mustDecode(t, data)
		v.edit(r)
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("w%02d.json", i))
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out, code := runPy(t, py, "record", path)
		goErr := goVerify(path)
		if (code == 0) != v.pass || (goErr == nil) != v.pass {
			t.Errorf("%s: want pass=%v; verify.py exit %d: %s; Go: %v", v.name, v.pass, code, strings.TrimSpace(out), goErr)
		}
	}
}
