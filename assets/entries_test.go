package assets

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shuangsui/sampling"
)

// entries appends one entry of every kind after the substitutions: a
// result, its publication, a correction of the result after publication,
// a penalty (with its legal representative) and its publication, a
// transfer and a status change, a dishonest mark.
func entries(t *testing.T, c *sampling.Ceremony, apply func(string, []byte, error)) {
	t.Helper()
	substitutions(t, c, apply)
	county := c.Result.Units[1].County
	unit := c.CurrentUnits(county)[0]
	add := func(kind string, e sampling.Entry, data any) {
		t.Helper()
		payload, err := sampling.MarshalEntry(kind, e, data)
		apply(kind, payload, err)
	}
	result := sampling.ResultData{County: county, Matter: c.Frame.Matter.Code, Start: "2026-03-20", End: "2026-03-21",
		Team: c.CurrentTeam(county), Codes: []string{"未发现问题"}, Notes: ""}
	add(sampling.StepResult, sampling.Entry{Subject: unit, Unit: unit, Operator: "刘明"}, result)
	first := c.Steps[len(c.Steps)-1].Seq
	add(sampling.StepPublication, sampling.Entry{Subject: unit, Unit: unit, Operator: "王芳"}, sampling.PublicationData{Date: "2026-03-30"})
	result.Codes = []string{"提供不真实统计资料"}
	add(sampling.StepResult, sampling.Entry{Subject: unit, Unit: unit, Operator: "刘明", Corrects: first, Reason: "复核原始记录"}, result)
	add(sampling.StepPenalty, sampling.Entry{Subject: "承统罚决字〔2026〕第1号", Unit: unit, Operator: "刘明"},
		sampling.PenaltyData{Name: "某公司", USCC: unit, LegalRep: "张法人", DecisionNo: "承统罚决字〔2026〕第1号", Category: "警告", DecisionDate: "2026-04-01"})
	add(sampling.StepPenaltyPublication, sampling.Entry{Subject: "承统罚决字〔2026〕第1号", Unit: unit, Operator: "王芳"},
		sampling.PenaltyPublicationData{Date: "2026-04-08"})
	add(sampling.StepTransfer, sampling.Entry{Subject: "YS-000001", Unit: unit, Operator: "刘明"},
		sampling.TransferData{Kind: "公安机关", To: "承德市公安局", Reason: "涉嫌伪造", Status: "待移送", Date: "2026-04-02"})
	add(sampling.StepTransferStatus, sampling.Entry{Subject: "YS-000001", Unit: unit, Operator: "刘明"},
		sampling.TransferStatusData{Status: "已受理", Date: "2026-04-03", Note: "立案"})
	add(sampling.StepDishonest, sampling.Entry{Subject: unit, Unit: unit, Operator: "刘明", Reason: "提供不真实统计资料"},
		sampling.DishonestData{From: "2026-04-05", To: ""})
}

// Both verifiers pass a record with every kind of after-seal entry and
// print its current head; both refuse the same forgeries of the entries,
// whether the chain is left broken or re-hashed by the forger.
func TestVerifiersOnAfterSealEntries(t *testing.T) {
	py := needPython(t)
	path, data := sealedRecordAfter(t, "entries", testInfo(), testFrame(sampling.MethodSimple, false, 3, 2), func(c *sampling.Ceremony, apply func(string, []byte, error)) {
		entries(t, c, apply)
	})
	var rec sampling.Record
	json.Unmarshal(data, &rec)
	if err := goVerify(path); err != nil {
		t.Fatalf("go verify: %v", err)
	}
	out, code := runPy(t, py, "record", path)
	if code != 0 || !strings.Contains(out, "当前校验码 current head: "+rec.Head) || rec.Head == rec.AmendedHead {
		t.Fatalf("verify.py: %d\n%s", code, out)
	}
	entry := func(r map[string]any, i int) map[string]any {
		raw, _ := base64.StdEncoding.DecodeString(obj(arr(r["steps"])[i])["payload"].(string))
		var e map[string]any
		json.Unmarshal(raw, &e)
		return e
	}
	setEntry := func(r map[string]any, i int, e map[string]any) {
		raw, _ := json.Marshal(e)
		obj(arr(r["steps"])[i])["payload"] = base64.StdEncoding.EncodeToString(raw)
	}
	// setCanonical rewrites entry i the one way SPEC §10 gives, with its
	// data decoded into data and edited by fn, so that a verifier refuses
	// it for the rule it breaks, not for its spelling.
	setCanonical := func(r map[string]any, i int, data any, fn func(e *sampling.Entry)) {
		raw, _ := base64.StdEncoding.DecodeString(obj(arr(r["steps"])[i])["payload"].(string))
		var e sampling.Entry
		if err := json.Unmarshal(raw, &e); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(e.Data, data); err != nil {
			t.Fatal(err)
		}
		fn(&e)
		kind := obj(arr(r["steps"])[i])["kind"].(string)
		payload, err := sampling.MarshalEntry(kind, e, data)
		if err != nil {
			t.Fatal(err)
		}
		obj(arr(r["steps"])[i])["payload"] = base64.StdEncoding.EncodeToString(payload)
	}
	head := func(r map[string]any) { // the summary follows the forged chain
		steps := arr(r["steps"])
		r["head"] = obj(steps[len(steps)-1])["hash"]
	}
	forge := func(fn func(r map[string]any, res int)) func(r map[string]any) {
		return func(r map[string]any) {
			res := stepIndex(t, r, sampling.StepResult)
			code := r["verification_code"]
			fn(r, res)
			rehash(r, res)
			r["verification_code"] = code
			head(r)
		}
	}
	for _, tc := range []struct {
		name string
		edit func(r map[string]any)
	}{
		{"entry payload edited, chain broken", func(r map[string]any) {
			i := stepIndex(t, r, sampling.StepPublication)
			e := entry(r, i)
			obj(e["data"])["date"] = "2026-03-31"
			setEntry(r, i, e)
		}},
		{"head changed", func(r map[string]any) { r["head"] = r["verification_code"] }},
		{"head removed", func(r map[string]any) { delete(r, "head") }},
		{"format 1 with entries", func(r map[string]any) { r["format"] = "shuangsui-record/1"; delete(r, "head") }},
		{"result dropped, re-hashed", forge(func(r map[string]any, res int) {
			r["steps"] = append(arr(r["steps"])[:res], arr(r["steps"])[res+1:]...)
			for i, s := range arr(r["steps"]) {
				obj(s)["seq"] = float64(i + 1)
			}
		})},
		{"publication before its result, re-hashed", forge(func(r map[string]any, res int) {
			steps := arr(r["steps"])
			steps[res], steps[res+1] = steps[res+1], steps[res]
			obj(steps[res])["seq"], obj(steps[res+1])["seq"] = float64(res+1), float64(res+2)
		})},
		{"correction without a reason, re-hashed", forge(func(r map[string]any, res int) {
			e := entry(r, res+2)
			e["reason"] = ""
			setEntry(r, res+2, e)
		})},
		{"correction names another step, re-hashed", forge(func(r map[string]any, res int) {
			e := entry(r, res+2)
			e["corrects"] = float64(res + 2)
			setEntry(r, res+2, e)
		})},
		{"second result without corrects, re-hashed", forge(func(r map[string]any, res int) {
			e := entry(r, res+2)
			delete(e, "corrects")
			setEntry(r, res+2, e)
		})},
		{"unknown member in an entry, re-hashed", forge(func(r map[string]any, res int) {
			e := entry(r, res)
			e["extra"] = ""
			setEntry(r, res, e)
		})},
		{"transfer status backwards, re-hashed", forge(func(r map[string]any, res int) {
			i := stepIndex(t, r, sampling.StepTransferStatus)
			e := entry(r, i)
			obj(e["data"])["status"] = "待移送"
			setEntry(r, i, e)
		})},
		{"penalty published before its decision, re-hashed", forge(func(r map[string]any, res int) {
			var d sampling.PenaltyPublicationData
			setCanonical(r, stepIndex(t, r, sampling.StepPenaltyPublication), &d, func(*sampling.Entry) { d.Date = "2026-03-31" })
		})},
		{"publication of a penalty never decided, re-hashed", forge(func(r map[string]any, res int) {
			var d sampling.PenaltyPublicationData
			setCanonical(r, stepIndex(t, r, sampling.StepPenaltyPublication), &d, func(e *sampling.Entry) { e.Subject = "承统罚决字〔2026〕第9号" })
		})},
		{"legal representative with a trailing space, re-hashed", forge(func(r map[string]any, res int) {
			var d sampling.PenaltyData
			setCanonical(r, stepIndex(t, r, sampling.StepPenalty), &d, func(*sampling.Entry) { d.LegalRep = "张法人 " })
		})},
		{"penalty without its principal member, re-hashed", forge(func(r map[string]any, res int) {
			i := stepIndex(t, r, sampling.StepPenalty)
			e := entry(r, i)
			delete(obj(e["data"]), "principal")
			setEntry(r, i, e)
		})},
		{"result for a unit not drawn, re-hashed", forge(func(r map[string]any, res int) {
			for _, i := range []int{res, res + 1, res + 2} {
				e := entry(r, i)
				e["subject"], e["unit"] = "U-NOT-DRAWN", "U-NOT-DRAWN"
				setEntry(r, i, e)
			}
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tamper(t, data, "forged", tc.edit)
			bothRefuse(t, py, p, true)
		})
	}
}

// A record of format 1 (before entries and head existed) still verifies in
// both; a head in it is refused by both.
func TestVerifiersReadFormat1(t *testing.T) {
	py := needPython(t)
	_, data := sealedRecord(t, "format1", testFrame(sampling.MethodSystematic, false, 3, 2), true)
	v1 := filepath.Join(t.TempDir(), "v1.json")
	if err := os.WriteFile(v1, asFormat1(t, data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := goVerify(v1); err != nil {
		t.Fatalf("go verify of format 1: %v", err)
	}
	if out, code := runPy(t, py, "record", v1); code != 0 || strings.Contains(out, "当前校验码") {
		t.Fatalf("verify.py of format 1: %d\n%s", code, out)
	}
	withHead := tamper(t, asFormat1(t, data), "v1head", func(r map[string]any) { r["head"] = r["verification_code"] })
	if err := goVerify(withHead); err == nil {
		t.Fatal("go verify: a format 1 record with head passed")
	}
	if out, code := runPy(t, py, "record", withHead); code != 1 {
		t.Fatalf("verify.py: a format 1 record with head: %d\n%s", code, out)
	}
}
