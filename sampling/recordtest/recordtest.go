// Package recordtest helps tests edit exported records as JSON trees: the
// record members SPEC.md §8 lets be empty, the ways of writing an empty
// value, and an edit that writes one of them wherever a member is empty.
// Both the Go verifier's tests and the tests that run the independent
// Python verifier use it, so that the two are tried on the same files.
// It is for tests only and, like package sampling, does no I/O.
package recordtest

import (
	"encoding/json"
	"fmt"
)

// Field is a member of a record that may be empty: its path, with "*"
// for every element of a list, and the kind of its empty value ("list",
// "string", "bool" or "int").
type Field struct{ Path, Kind string }

// OptionalFields are the members SPEC.md §8 lists as optional.
var OptionalFields = []Field{
	{"program", "string"},
	{"substitutions", "list"},
	{"amended_head", "string"},
	{"info.supervisor", "string"},
	{"info.exclusions", "list"},
	{"frame.params.units_override", "list"},
	{"frame.params.leaders", "list"},
	{"frame.inspectors.*.specialties", "list"},
	{"frame.inspectors.*.conflict_counties", "list"},
	{"frame.inspectors.*.conflict_units", "list"},
	{"result.counties.*.alternate", "bool"},
	{"result.units.*.start", "string"},
	{"result.units.*.picks.*.ticket", "string"},
	{"result.units.*.picks.*.position", "int"},
	{"result.units.*.picks.*.alternate", "bool"},
	{"result.teams.*.leader.ticket", "string"},
	{"result.teams.*.leader.position", "int"},
	{"result.teams.*.leader.alternate", "bool"},
	{"result.teams.*.members.*.alternate", "bool"},
	{"result.teams.*.alternates", "list"},
	{"substitutions.*.ticket", "string"},
}

// EmptyForms are the ways of writing an empty value of a kind: "omitted"
// (the member left out), null, and the empty value of the kind.
func EmptyForms(kind string) []string {
	zero := map[string]string{"list": "[]", "string": `""`, "bool": "false", "int": "0"}[kind]
	return []string{"omitted", "null", zero}
}

// SetEmpty writes form (or, for "omitted", deletes the member) in place of
// every empty value at path in the decoded JSON value v and returns how
// many it replaced. A form that is not empty (a wrong type, say) is
// written the same way; a form that is not JSON panics.
func SetEmpty(v any, path []string, form string) int {
	if path[0] == "*" {
		n := 0
		if list, ok := v.([]any); ok {
			for _, x := range list {
				n += SetEmpty(x, path[1:], form)
			}
		}
		return n
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return 0
	}
	if len(path) > 1 {
		return SetEmpty(obj[path[0]], path[1:], form)
	}
	switch x := obj[path[0]].(type) {
	case nil:
	case []any:
		if len(x) > 0 {
			return 0
		}
	case string:
		if x != "" {
			return 0
		}
	case bool:
		if x {
			return 0
		}
	case float64:
		if x != 0 {
			return 0
		}
	default:
		return 0
	}
	if form == "omitted" {
		delete(obj, path[0])
		return 1
	}
	var e any
	if err := json.Unmarshal([]byte(form), &e); err != nil {
		panic(fmt.Sprintf("recordtest: form %q is not JSON", form))
	}
	obj[path[0]] = e
	return 1
}
