package sampling

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Step kinds of a ceremony, in the order they occur (SPEC.md §8).
const (
	StepCommit  = "commit"  // frame fixed and fingerprinted, before any seed
	StepWitness = "witness" // one witness and their dice digits
	// StepWitnessRemove takes a witness off the list before the seed, with
	// a reason (a mistyped name or digits, a witness who had to leave); a
	// correction is a removal and the witness added again.
	StepWitnessRemove = "witness-remove"
	StepSeed          = "seed"     // witnesses closed; S fixed
	StepCounties      = "counties" // stage 1
	StepUnits         = "units"    // stage 2, one step per drawn county in stage-1 order
	StepTeams         = "teams"    // stage 3, all teams
	StepSeal          = "seal"     // the record is complete; its hash is the verification code
	StepAbandon       = "abandon"  // the ceremony was given up, with a reason
)

// Phase is where a ceremony stands: what its next step may be.
type Phase int

const (
	PhaseNew       Phase = iota // nothing yet: commit the frame
	PhaseWitnesses              // frame committed: add witnesses, then fix the seed
	PhaseCounties               // seed fixed: draw counties
	PhaseUnits                  // counties drawn: draw units county by county
	PhaseTeams                  // units drawn: draw the teams
	PhaseSeal                   // everything drawn: seal
	PhaseSealed                 // sealed: nothing more
	PhaseAbandoned              // abandoned: nothing more
)

// Info is what the record says about the ceremony besides the frame; it
// does not change the outcome of the draw.
type Info struct {
	Title         string `json:"title"`        // e.g. 承德市统计局“双随机、一公开”随机抽取见证记录
	Organisation  string `json:"organisation"` // 组织单位
	Round         string `json:"round"`        // 轮次
	Place         string `json:"place"`
	Operator      string `json:"operator"`
	Supervisor    string `json:"supervisor,omitempty"`
	MatterBasis   string `json:"matter_basis"`
	MatterContent string `json:"matter_content"`
	// Scope describes the frame in words (e.g. 一套表联网直报单位).
	Scope          string `json:"scope"`
	NoRepeatMonths int    `json:"no_repeat_months"`
	MinDigits      int    `json:"min_digits"` // digits the witnesses must enter in total
	// Exclusions counts the library records left out of the frame, by
	// county and reason; CountyNames and InspectorNames help the sheet.
	Exclusions []Exclusion `json:"exclusions,omitempty"`
}

// Exclusion counts units left out of the frame in one county for one reason.
type Exclusion struct {
	County string `json:"county"`
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Witness is one witness and the digits they entered.
type Witness struct {
	Name   string `json:"name"`
	Role   string `json:"role"` // organisation or role
	Digits string `json:"digits"`
}

// CommitPayload is the payload of a commit step (SPEC.md §8). The program
// writes {info, fingerprint, frame_gzip}: the canonical frame once,
// compressed (CompressFrame). A commit written before record format 2 was
// released holds the frame as JSON instead, {info, frame, fingerprint}; it
// is still replayed. Exactly one of Frame and FrameGzip is set.
type CommitPayload struct {
	Info        Info   `json:"info"`
	Frame       *Frame `json:"frame,omitempty"` // older commits only
	Fingerprint string `json:"fingerprint"`
	FrameGzip   string `json:"frame_gzip,omitempty"`
}

// DecodeCommit reads a commit payload strictly and returns it with its
// frame and fp, the SHA-256 (hex) of the canonical frame bytes, whichever
// form it has. It checks that the payload holds exactly one form of the
// frame and, for the compressed form, that the text is canonical
// (ParseCanonical); comparing fp with the payload's fingerprint is left to
// the caller.
func DecodeCommit(payload []byte) (p CommitPayload, f Frame, fp string, err error) {
	if err := strictUnmarshal(payload, &p); err != nil {
		return p, Frame{}, "", err
	}
	switch {
	case p.Frame != nil && p.FrameGzip != "":
		return p, Frame{}, "", fmt.Errorf("名录同时以 frame 和 frame_gzip 给出 (both frame and frame_gzip)")
	case p.Frame != nil:
		fp, err := p.Frame.Fingerprint()
		return p, *p.Frame, fp, err
	case p.FrameGzip == "":
		return p, Frame{}, "", fmt.Errorf("缺少名录 frame_gzip (no frame)")
	}
	text, sum, err := decompressFrameText(p.FrameGzip)
	if err != nil {
		return p, Frame{}, "", err
	}
	// The frame's strings are cut from the one copy of the text.
	f, err = parseCanonical(text)
	return p, f, sum, err
}

// CommitHead returns the info, matter and draw date of a commit payload
// without reading its whole frame (for lists of ceremonies).
func CommitHead(payload []byte) (Info, Matter, string, error) {
	info, f, err := CommitFrameHead(payload)
	return info, f.Matter, f.DrawDate, err
}

// CommitFrameHead returns the info and the head of the frame of a commit
// payload (matter, draw date, rule, directed, partner, parameters: no
// counties, units or inspectors), without reading its whole frame.
func CommitFrameHead(payload []byte) (Info, Frame, error) {
	var p CommitPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return Info{}, Frame{}, fmt.Errorf("读取固定名录步骤: %w", err)
	}
	if p.Frame != nil {
		f := *p.Frame
		f.Counties, f.Units, f.Inspectors = nil, nil, nil
		return p.Info, f, nil
	}
	r, _, _, err := frameReader(p.FrameGzip)
	if err != nil {
		return Info{}, Frame{}, err
	}
	f, err := frameHead(r)
	if err != nil {
		return Info{}, Frame{}, err
	}
	return p.Info, f, nil
}

// SeedPayload is the payload of a seed step.
type SeedPayload struct {
	Seed string `json:"seed"`
}

// SealPayload is the payload of a seal step.
type SealPayload struct {
	Sealed bool `json:"sealed"`
}

// AbandonPayload is the payload of an abandon step.
type AbandonPayload struct {
	Reason string `json:"reason"`
}

// Ceremony is the state rebuilt from a ceremony's steps. Each action
// method returns the kind and payload of the next step without changing
// the ceremony; the caller persists that step and then calls Apply, so that
// the screen never shows what is not yet on disk.
type Ceremony struct {
	Phase       Phase
	Info        Info
	Frame       Frame
	Fingerprint string
	Witnesses   []Witness
	Seed        string
	Result      Result
	Abandoned   string // the reason, once abandoned
	// Substitutions made after the seal, in order.
	Substitutions []Substitution
	// Ledger holds the other after-seal entries: results, publications,
	// penalties, transfers and dishonest marks (SPEC.md §10).
	Ledger Ledger
	Steps  []Step // the steps applied so far
	// FrameCompressed is true when the commit holds the frame as
	// frame_gzip, false for an older commit with the frame as JSON.
	FrameCompressed bool

	// committed is the last commit step Commit returned and the frame it
	// was made from (in canonical order): Apply of exactly that payload
	// takes this frame instead of decompressing and parsing a second copy
	// of a library that may hold millions of units.
	committed *madeCommit
	// next is the last draw step Next computed, and the state it was
	// computed in (the number of steps applied): Apply of that step in the
	// same state compares with it instead of drawing the same stage again.
	next *madeNext
}

type madeNext struct {
	steps   int
	kind    string
	payload []byte
}

type madeCommit struct {
	payload     []byte
	info        []byte // the payload's info member
	fingerprint string
	frame       Frame
}

// DefaultMinDigits is how many dice digits the witnesses enter in total
// unless the commit says otherwise.
const DefaultMinDigits = 20

// Commit returns the step that fixes the frame. It refuses an infeasible
// frame: the seed must never exist for a draw that cannot complete.
func (c *Ceremony) Commit(info Info, f Frame) (string, []byte, error) {
	if c.Phase != PhaseNew {
		return "", nil, fmt.Errorf("名录库已固定,不能再次固定")
	}
	report, err := Feasible(f)
	if err != nil {
		return "", nil, err
	}
	if !report.OK() {
		return "", nil, &InfeasibleError{Shortages: report.Shortages}
	}
	if info.MinDigits == 0 {
		info.MinDigits = DefaultMinDigits
	}
	fp, payload, head, err := commitPayload(info, f)
	if err != nil {
		return "", nil, err
	}
	c.committed = &madeCommit{payload: payload, info: head, fingerprint: fp, frame: f.canonicalOrder()}
	return StepCommit, payload, nil
}

// CheckDigits validates one witness's digits: ASCII digits only, at least one.
func CheckDigits(digits string) error {
	if digits == "" {
		return fmt.Errorf("数字不能为空")
	}
	for i, r := range digits {
		if r < '0' || r > '9' {
			return fmt.Errorf("第 %d 个字符 %q 不是数字 0-9", utf8.RuneCountInString(digits[:i])+1, r)
		}
	}
	return nil
}

// AddWitness returns the step that records one witness and their digits.
func (c *Ceremony) AddWitness(w Witness) (string, []byte, error) {
	if c.Phase != PhaseWitnesses {
		return "", nil, fmt.Errorf("现在不能登记见证人")
	}
	w.Name = strings.TrimSpace(w.Name)
	w.Role = strings.TrimSpace(w.Role)
	if w.Name == "" {
		return "", nil, fmt.Errorf("见证人姓名不能为空")
	}
	if strings.ContainsAny(w.Name+w.Role, "\t\r\n") {
		return "", nil, fmt.Errorf("见证人姓名或单位中不能有制表符或换行")
	}
	if err := CheckDigits(w.Digits); err != nil {
		return "", nil, fmt.Errorf("见证人 %s 的数字: %w", w.Name, err)
	}
	return marshalStep(StepWitness, w)
}

// WitnessRemoval is the payload of a witness-remove step: the witness's
// place in the list at that moment (from 1), their name as a check, and
// why they are taken off.
type WitnessRemoval struct {
	Index  int    `json:"index"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// RemoveWitness returns the step that takes witness index (from 1) off the
// list, before the seed is fixed.
func (c *Ceremony) RemoveWitness(index int, reason string) (string, []byte, error) {
	if c.Phase != PhaseWitnesses {
		return "", nil, fmt.Errorf("随机种子已生成,见证人名单不能再更改")
	}
	if index < 1 || index > len(c.Witnesses) {
		return "", nil, fmt.Errorf("没有第 %d 名见证人", index)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return "", nil, fmt.Errorf("移除见证人须说明理由")
	}
	if strings.ContainsAny(reason, "\t\r\n") {
		return "", nil, fmt.Errorf("理由中不能有制表符或换行")
	}
	return marshalStep(StepWitnessRemove, WitnessRemoval{Index: index, Name: c.Witnesses[index-1].Name, Reason: reason})
}

// DigitsEntered counts the digits the witnesses have entered so far.
func (c *Ceremony) DigitsEntered() int {
	n := 0
	for _, w := range c.Witnesses {
		n += len(w.Digits)
	}
	return n
}

// FixSeed returns the step that closes the witness list and fixes S.
func (c *Ceremony) FixSeed() (string, []byte, error) {
	if c.Phase != PhaseWitnesses {
		return "", nil, fmt.Errorf("现在不能生成随机种子")
	}
	if len(c.Witnesses) == 0 {
		return "", nil, fmt.Errorf("至少需要一名见证人")
	}
	if n := c.DigitsEntered(); n < c.Info.MinDigits {
		return "", nil, fmt.Errorf("见证人共输入 %d 位数字,至少需要 %d 位", n, c.Info.MinDigits)
	}
	digits := make([]string, len(c.Witnesses))
	for i, w := range c.Witnesses {
		digits[i] = w.Digits
	}
	return marshalStep(StepSeed, SeedPayload{Seed: CeremonySeed(digits)})
}

// Next returns the next draw step (counties, the units of the next county,
// teams, or the seal). The outcome is computed, not chosen: Apply checks it
// again, and so does Verify.
func (c *Ceremony) Next() (string, []byte, error) {
	if m := c.next; m != nil && m.steps == len(c.Steps) {
		return m.kind, m.payload, nil
	}
	kind, payload, err := c.drawNext()
	if err == nil {
		c.next = &madeNext{steps: len(c.Steps), kind: kind, payload: payload}
	}
	return kind, payload, err
}

func (c *Ceremony) drawNext() (string, []byte, error) {
	switch c.Phase {
	case PhaseCounties:
		picks, err := DrawCounties(c.Frame, c.Seed, c.Fingerprint)
		if err != nil {
			return "", nil, err
		}
		return marshalStep(StepCounties, picks)
	case PhaseUnits:
		county := Drawn(c.Result.Counties)[len(c.Result.Units)].ID
		ud, err := DrawUnits(c.Frame, c.Seed, c.Fingerprint, county)
		if err != nil {
			return "", nil, err
		}
		return marshalStep(StepUnits, ud)
	case PhaseTeams:
		teams, err := DrawTeams(c.Frame, c.Seed, c.Fingerprint, c.Result.Units)
		if err != nil {
			return "", nil, err
		}
		return marshalStep(StepTeams, teams)
	case PhaseSeal:
		return marshalStep(StepSeal, SealPayload{Sealed: true})
	}
	return "", nil, fmt.Errorf("现在没有下一步抽取")
}

// Abandon returns the step that gives the ceremony up.
func (c *Ceremony) Abandon(reason string) (string, []byte, error) {
	if c.Phase == PhaseSealed || c.Phase == PhaseAbandoned {
		return "", nil, fmt.Errorf("仪式已结束,不能放弃")
	}
	if strings.TrimSpace(reason) == "" {
		return "", nil, fmt.Errorf("放弃须说明理由")
	}
	return marshalStep(StepAbandon, AbandonPayload{Reason: strings.TrimSpace(reason)})
}

// VerificationCode is the hash of the seal step, once sealed.
func (c *Ceremony) VerificationCode() string {
	for _, s := range c.Steps {
		if s.Kind == StepSeal {
			return s.Hash
		}
	}
	return ""
}

// Head is the hash of the last step (当前校验码): the verification code
// until the first step after the seal, then the hash of the latest
// substitution or entry.
func (c *Ceremony) Head() string {
	if len(c.Steps) == 0 {
		return GenesisHash
	}
	return c.Steps[len(c.Steps)-1].Hash
}

// AmendedHead is the hash of the last substitute step (修订校验码, the
// code of the amended draw), "" when there was no substitution.
func (c *Ceremony) AmendedHead() string {
	for i := len(c.Steps) - 1; i >= 0; i-- {
		if c.Steps[i].Kind == StepSubstitute {
			return c.Steps[i].Hash
		}
	}
	return ""
}

// Replay rebuilds a ceremony from its steps, checking the chain and
// recomputing every draw. The error names the first step that differs.
func Replay(steps []Step) (*Ceremony, error) {
	if _, err := VerifyChain(steps); err != nil {
		return nil, err
	}
	c := &Ceremony{}
	for _, s := range steps {
		if err := c.Apply(s); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Apply advances the ceremony by one persisted step. It checks that the
// step is allowed now and, for draw steps, that its content equals the
// recomputed draw. It does not check the hash chain; Replay does.
func (c *Ceremony) Apply(s Step) error {
	if err := c.apply(s); err != nil {
		ce := &ChainError{Seq: s.Seq, Reason: fmt.Sprintf("%s: %v", s.Kind, err)}
		if m, ok := err.(*payloadMismatch); ok && m.diff != nil {
			ce.detail = fmt.Sprintf("%s: %s: %s", s.Kind, strings.TrimPrefix(m.diff.path, "."), m.diff.Error())
		}
		return ce
	}
	c.Steps = append(c.Steps, s)
	return nil
}

func (c *Ceremony) apply(s Step) error {
	if c.Phase == PhaseSealed && s.Kind == StepSubstitute {
		return c.applySubstitution(s.Payload)
	}
	if c.Phase == PhaseSealed && AfterSeal(s.Kind) {
		return c.Ledger.ApplyEntry(c, s)
	}
	if c.Phase == PhaseSealed || c.Phase == PhaseAbandoned {
		return fmt.Errorf("仪式已结束,其后只能有替换和结果登记等封存后步骤")
	}
	if s.Kind == StepAbandon {
		var p AbandonPayload
		if err := strictUnmarshal(s.Payload, &p); err != nil {
			return err
		}
		if strings.TrimSpace(p.Reason) == "" {
			return fmt.Errorf("放弃没有理由")
		}
		c.Abandoned, c.Phase = p.Reason, PhaseAbandoned
		return nil
	}
	want, payload, err := c.expected(s)
	if err != nil {
		return err
	}
	if s.Kind != want {
		return fmt.Errorf("此处应为 %q 步骤", want)
	}
	if payload != nil && !bytes.Equal(payload, s.Payload) {
		return &payloadMismatch{msg: "内容与重新计算的结果不符", diff: payloadDiff(s.Kind, s.Payload, payload)}
	}
	switch s.Kind {
	case StepCommit:
		made := c.committed
		c.committed = nil
		if made != nil && bytes.Equal(made.payload, s.Payload) {
			// The very payload Commit made from made.info and made.frame,
			// which it found feasible: decoding it gives them again.
			var info Info // as decoding gives it (json.Marshal replaces invalid UTF-8)
			if err := strictUnmarshal(made.info, &info); err != nil {
				return err
			}
			if info.MinDigits < 1 {
				return fmt.Errorf("最少数字位数无效: %d", info.MinDigits)
			}
			c.Info, c.Frame, c.Fingerprint, c.Phase = info, made.frame, made.fingerprint, PhaseWitnesses
			c.FrameCompressed = true
			break
		}
		p, frame, fp, err := DecodeCommit(s.Payload)
		if err != nil {
			return err
		}
		if fp != p.Fingerprint {
			return fmt.Errorf("名录库指纹 %s 与名录重新计算的 %s 不符", p.Fingerprint, fp)
		}
		if err := frame.validateDirected(); err != nil {
			return fmt.Errorf("名录库不满足抽取条件: %w", err)
		}
		if report, err := Feasible(frame); err != nil || !report.OK() {
			return fmt.Errorf("名录库不满足抽取条件")
		}
		if p.Info.MinDigits < 1 {
			return fmt.Errorf("最少数字位数无效: %d", p.Info.MinDigits)
		}
		c.Info, c.Frame, c.Fingerprint, c.Phase = p.Info, frame, p.Fingerprint, PhaseWitnesses
		c.FrameCompressed = p.FrameGzip != ""
	case StepWitness:
		var w Witness
		if err := strictUnmarshal(s.Payload, &w); err != nil {
			return err
		}
		if w.Name == "" {
			return fmt.Errorf("见证人姓名为空")
		}
		if err := CheckDigits(w.Digits); err != nil {
			return err
		}
		c.Witnesses = append(c.Witnesses, w)
	case StepWitnessRemove:
		var r WitnessRemoval
		if err := strictUnmarshal(s.Payload, &r); err != nil {
			return err
		}
		if r.Index < 1 || r.Index > len(c.Witnesses) {
			return fmt.Errorf("没有第 %d 名见证人", r.Index)
		}
		if r.Name != c.Witnesses[r.Index-1].Name {
			return fmt.Errorf("第 %d 名见证人是 %s,不是 %s", r.Index, c.Witnesses[r.Index-1].Name, r.Name)
		}
		if strings.TrimSpace(r.Reason) == "" {
			return fmt.Errorf("移除见证人没有理由")
		}
		c.Witnesses = append(c.Witnesses[:r.Index-1:r.Index-1], c.Witnesses[r.Index:]...)
	case StepSeed:
		c.Phase = PhaseCounties
		c.Seed = c.expectedSeed()
	case StepCounties:
		if err := json.Unmarshal(s.Payload, &c.Result.Counties); err != nil {
			return err
		}
		c.Phase = PhaseUnits
	case StepUnits:
		var ud UnitDraw
		if err := json.Unmarshal(s.Payload, &ud); err != nil {
			return err
		}
		c.Result.Units = append(c.Result.Units, ud)
		if len(c.Result.Units) == len(Drawn(c.Result.Counties)) {
			c.Phase = PhaseTeams
		}
	case StepTeams:
		if err := json.Unmarshal(s.Payload, &c.Result.Teams); err != nil {
			return err
		}
		c.Phase = PhaseSeal
	case StepSeal:
		c.Phase = PhaseSealed
	}
	return nil
}

// payloadMismatch is a step whose payload is not the recomputed one: msg
// is the reason Replay gives, diff the first value in which the two differ
// (nil when they differ only in form), which Verify reports instead.
type payloadMismatch struct {
	msg  string
	diff *difference
}

func (e *payloadMismatch) Error() string { return e.msg }

// payloadDiff decodes a draw step's payload got and the recomputed want as
// the payload of kind and returns the first value in which they differ; nil
// when got does not decode strictly or they are equal as values.
func payloadDiff(kind string, got, want []byte) *difference {
	switch kind {
	case StepSeed:
		return diffAs[SeedPayload](got, want)
	case StepCounties:
		return diffAs[[]Pick](got, want)
	case StepUnits:
		return diffAs[UnitDraw](got, want)
	case StepTeams:
		return diffAs[[]Team](got, want)
	case StepSeal:
		return diffAs[SealPayload](got, want)
	}
	return nil
}

func diffAs[T any](got, want []byte) *difference {
	var g, w T
	if strictUnmarshal(got, &g) != nil || strictUnmarshal(want, &w) != nil {
		return nil
	}
	return firstDiff("", reflect.ValueOf(g), reflect.ValueOf(w))
}

// expected returns the kind of step allowed now and, when its content is
// determined, the exact payload it must have.
func (c *Ceremony) expected(s Step) (string, []byte, error) {
	switch c.Phase {
	case PhaseNew:
		return StepCommit, nil, nil
	case PhaseWitnesses:
		switch s.Kind {
		case StepSeed:
			kind, payload, err := c.FixSeed()
			return kind, payload, err
		case StepWitnessRemove:
			return StepWitnessRemove, nil, nil
		}
		return StepWitness, nil, nil
	default:
		kind, payload, err := c.Next()
		return kind, payload, err
	}
}

func (c *Ceremony) expectedSeed() string {
	digits := make([]string, len(c.Witnesses))
	for i, w := range c.Witnesses {
		digits[i] = w.Digits
	}
	return CeremonySeed(digits)
}

func marshalStep(kind string, v any) (string, []byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", nil, fmt.Errorf("编码 %s 步骤: %w", kind, err)
	}
	return kind, b, nil
}

func strictUnmarshal(b []byte, v any) error {
	if err := checkJSON(b); err != nil {
		return fmt.Errorf("内容无法解析: %w", err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("内容无法解析: %w", err)
	}
	return nil
}
