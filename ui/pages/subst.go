package pages

import (
	"fmt"

	"shuangsui/sampling"
	"shuangsui/ui/common"
)

// sealedState is a sealed ceremony's state: 已封存, or 已封存(已替换 N 次)
// once units or inspectors were substituted after the seal.
func sealedState(c *common.Common, substitutions int) string {
	if substitutions == 0 {
		return c.T("已封存", "sealed")
	}
	return c.T(fmt.Sprintf("已封存(已替换 %d 次)", substitutions), fmt.Sprintf("sealed (%d substitution%s)", substitutions, plural(substitutions)))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// substituted maps, for substitutions of kind (sampling.SubstituteUnit or
// SubstituteInspector) in county ("" for every county), each id taken out
// and each id brought in to its substitution.
func substituted(cer *sampling.Ceremony, kind, county string) (out, in map[string]sampling.Substitution) {
	out, in = map[string]sampling.Substitution{}, map[string]sampling.Substitution{}
	for _, s := range cer.Substitutions {
		if s.Kind == kind && (county == "" || s.County == county) {
			out[s.Out], in[s.In] = s, s
		}
	}
	return out, in
}

// substitutionLines says each substitution of kind in county ("" for
// every county): who went out, who came in, who made it and why; name
// names an id.
func substitutionLines(c *common.Common, cer *sampling.Ceremony, kind, county string, name func(string) string) []string {
	var lines []string
	for _, s := range cer.Substitutions {
		if s.Kind != kind || (county != "" && s.County != county) {
			continue
		}
		lines = append(lines, c.T(
			fmt.Sprintf("已替换: %s %s,替入 %s %s(%s 操作, 理由: %s)", s.Out, name(s.Out), s.In, name(s.In), s.Operator, s.Reason),
			fmt.Sprintf("replaced: %s %s, in: %s %s (by %s, reason: %s)", s.Out, name(s.Out), s.In, name(s.In), s.Operator, s.Reason)))
	}
	return lines
}
