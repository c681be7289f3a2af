package results

import (
	"errors"
	"fmt"
	"strings"

	"shuangsui/store"
	"shuangsui/ui/lang"
	"shuangsui/ui/textwrap"
)

// dueText is the due date, marked when provisional; short: the English
// mark abridged, for a narrow window.
func (m *Model) dueText(p store.Publication, short bool) string {
	if !p.Provisional {
		return p.Due
	}
	if short {
		return p.Due + m.T("(暂定)", "(prov.)")
	}
	return p.Due + m.T("(暂定)", " (provisional)")
}

// plural is "n thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func nWorkdays(n int) string { return plural(n, "workday", "workdays") }

// stateName is the publication state of a result.
func (m *Model) stateName(p store.Publication) string {
	switch p.State {
	case store.PubOverdue:
		return m.T(fmt.Sprintf("已逾期 %d 个工作日", -p.Left), "overdue "+nWorkdays(-p.Left))
	case store.PubDueSoon:
		return m.T(fmt.Sprintf("即将到期 剩 %d 个工作日", p.Left), "due in "+nWorkdays(p.Left))
	case store.PubPending:
		return m.T(store.PubStateName(p.State), "pending")
	case store.PubPublished:
		return m.T(store.PubStateName(p.State), "published") + " " + p.Result.Published
	case store.PubPublishedLate:
		return m.T(store.PubStateName(p.State), "published late") + " " + p.Result.Published
	}
	return m.T(store.PubStateName(p.State), p.State)
}

// estimateText is the estimate line: the store's Chinese one, or the
// same said in English. The interval's dash (East-Asian ambiguous, two
// cells on some zh_CN terminals) is drawn as "~".
func (m *Model) estimateText(e store.Estimate, err error) string {
	if m.Lang == lang.EN {
		drawn := 0
		if m.sheet != nil {
			drawn = len(m.sheet.Ceremony.Result.Units)
		}
		return estimateEnglish(e, err, drawn)
	}
	if err != nil {
		return err.Error()
	}
	return strings.ReplaceAll(e.Text(), "–", "~")
}

// estimateEnglish says store.Estimate.Text and the store's estimate errors
// in English; drawn is the number of counties drawn.
func estimateEnglish(e store.Estimate, err error, drawn int) string {
	const lead = "estimated share of units with problems"
	if err != nil {
		if e.Inspected == 0 {
			return lead + ": no results usable for the estimate yet"
		}
		if e.Method == store.EstimateTwoStage {
			var thin []string // counties where one unit of several was inspected
			for _, c := range e.Counties {
				if c.Sampled == 1 && c.M > 1 {
					thin = append(thin, c.Name)
				}
			}
			if len(thin) > 0 {
				return fmt.Sprintf("%s: none yet, since only 1 unit was inspected in %s and the variance within a county cannot be estimated; "+
					"inspect at least 2 units in each county, or all of them", lead, strings.Join(thin, ", "))
			}
		}
		reason := err
		var ee *store.EstimateError
		if errors.As(err, &ee) {
			reason = ee.Reason
		}
		return lead + ": cannot estimate: " + reason.Error()
	}
	pct := func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) }
	method := "two-stage ratio estimate"
	if e.Method == store.EstimateWilsonFPC {
		method = "Wilson interval, finite population corrected"
	}
	s := lead + " " + pct(e.P)
	if e.HasInterval {
		s += fmt.Sprintf(", 95%% interval %s to %s", pct(e.Lo), pct(e.Hi))
	} else {
		s += ", no interval"
	}
	s += fmt.Sprintf(" (%s; frame: %s, %s; inspected: %s in %s, %d with problems", method,
		plural(e.K, "county", "counties"), plural(e.N, "unit", "units"), plural(e.Inspected, "unit", "units"),
		plural(e.Drawn, "county", "counties"), e.Problems)
	if e.Unclassified > 0 {
		s += fmt.Sprintf(", %d that cannot be judged left out", e.Unclassified)
	}
	if e.Pending > 0 {
		s += fmt.Sprintf(", %d without a result yet", e.Pending)
	}
	s += ")"
	if e.Degenerate {
		s += "; every unit inspected had the same result, so the interval is a single point: this is not certainty"
	}
	switch {
	case e.Method == store.EstimateTwoStage && !e.HasInterval && drawn == 1:
		s += fmt.Sprintf("; only 1 of the %d eligible counties was drawn: the variance between counties cannot be estimated, so there is only a point estimate", e.K)
	case e.Method == store.EstimateTwoStage && !e.HasInterval:
		s += fmt.Sprintf("; only 1 of the %d counties drawn has results usable for the estimate so far: the variance between counties cannot be estimated, so there is only a point estimate", drawn)
	case e.Drawn < drawn:
		verb := "have"
		if drawn-e.Drawn == 1 {
			verb = "has"
		}
		s += fmt.Sprintf("; %d of the %d counties drawn %s no usable result yet: the estimate uses only the counties with usable results", drawn-e.Drawn, drawn, verb)
	}
	return s
}

// wrap breaks s into lines at most w cells wide, each paragraph by the
// screens' one line-breaking routine (package textwrap): at spaces and
// between Chinese characters, never inside a date, number, code or English
// word that fits a line, nor before closing or after opening punctuation.
func wrap(s string, w int) []string {
	w = max(2, w)
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, textwrap.Lines(para, w, 0)...)
	}
	return lines
}

// codeGloss says the official result codes and the default statistics
// findings in English. The codes themselves stay Chinese: they are what
// is recorded and published.
var codeGloss = map[string]string{
	store.CodeNoProblem: "no problem found",
	"未按规定公示应当公示的信息":     "required information not published",
	"公示信息隐瞒真实情况、弄虚作假":   "published information false or concealing facts",
	"通过登记的住所(经营场所)无法联系": "cannot be reached at the registered address",
	"发现问题已责令改正":         "problem found, ordered to correct",
	"发现问题待后续处理":         "problem found, follow-up pending",
	"未发现开展本次抽查涉及的经营活动":  "does not carry on the activity checked",
	"不配合检查情节严重":         "seriously obstructed the check",
	"已关闭停业或正在组织清算":      "closed or in liquidation",
	"未设置原始记录或统计台账":      "no original records or statistical ledger",
	"统计资料管理制度不健全":       "statistical records management inadequate",
	"提供不真实统计资料":         "false statistical data",
	"迟报统计资料":            "statistical data reported late",
	"拒报统计资料":            "refused to report statistical data",
}

// codeGloss is what follows a result code in the list: in English its
// gloss, when one is known.
func (m *Model) codeGloss(code string) string {
	if g, ok := codeGloss[code]; ok && m.Lang == lang.EN {
		return ": " + g
	}
	return ""
}
