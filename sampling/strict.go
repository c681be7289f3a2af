package sampling

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"
)

// checkJSON refuses, in a record file or a step payload, what Go's
// encoding/json would otherwise let pass (SPEC.md §11): bytes that are not
// UTF-8, and in every object a member name that is not written in lower
// case ASCII letters, digits and "_" (a name in another letter case would
// match case-insensitively), or a name given twice (the last would win).
func checkJSON(data []byte) error {
	if !utf8.Valid(data) {
		return fmt.Errorf("不是有效的 UTF-8 (not valid UTF-8)")
	}
	if !json.Valid(data) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return err
		}
		return fmt.Errorf("不是有效的 JSON (not valid JSON)")
	}
	// data is valid JSON, so a plain scan finds its structure: in an
	// object, the string after '{' or ',' is a member name.
	type frame struct {
		object, name bool
		names        []string // an object's names so far (objects are small)
	}
	var stack []frame
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{':
			stack = append(stack, frame{object: true, name: true})
		case '[':
			stack = append(stack, frame{})
		case '}', ']':
			stack = stack[:len(stack)-1]
		case ',':
			if n := len(stack); n > 0 && stack[n-1].object {
				stack[n-1].name = true
			}
		case '"':
			j := i + 1
			for data[j] != '"' {
				if data[j] == '\\' {
					j++
				}
				j++
			}
			if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].name {
				top := &stack[n-1]
				name := string(data[i+1 : j])
				if bytes.IndexByte(data[i+1:j], '\\') >= 0 {
					if err := json.Unmarshal(data[i:j+1], &name); err != nil {
						return err
					}
				}
				if !lowerName(name) {
					return fmt.Errorf("成员名 %q 不是小写字母、数字和下划线 (member name %q is not written in lower case)", name, name)
				}
				for _, seen := range top.names {
					if seen == name {
						return fmt.Errorf("成员 %q 重复出现 (member %q appears twice)", name, name)
					}
				}
				top.names = append(top.names, name)
				top.name = false
			}
			i = j
		}
	}
	return nil
}

func lowerName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// rfc3339 is the one way a step time is written (SPEC.md §11): seconds,
// no fraction, Z or a ±HH:MM offset.
var rfc3339 = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$`)

// checkTimes refuses a step time that is not written as RFC 3339 (as
// rfc3339 says) or that is earlier, as an instant, than the step before.
func checkTimes(steps []Step) error {
	var last time.Time
	for i, s := range steps {
		t, err := time.Parse(time.RFC3339, s.At)
		if err != nil || !rfc3339.MatchString(s.At) {
			return &Mismatch{Field: fmt.Sprintf("steps[%d].at", i), Err: fmt.Errorf("时间 %q 不是 RFC 3339 格式 YYYY-MM-DDThh:mm:ss 加 Z 或 ±hh:mm (not an RFC 3339 time)", s.At)}
		}
		if i > 0 && t.Before(last) {
			return &Mismatch{Field: fmt.Sprintf("steps[%d].at", i), Err: fmt.Errorf("时间 %s 早于上一步的 %s (earlier than the step before)", s.At, steps[i-1].At)}
		}
		last = t
	}
	return nil
}

// checkBase64 refuses a step whose payload is not written in canonical
// standard base64 (padding, no line breaks, zero trailing bits): the raw
// strings of the record's steps against their decoded bytes.
func checkBase64(data []byte, steps []Step) error {
	var raw struct {
		Steps []struct {
			Payload string `json:"payload"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	for i, s := range raw.Steps {
		if i < len(steps) && base64.StdEncoding.EncodeToString(steps[i].Payload) != s.Payload {
			return &Mismatch{Field: fmt.Sprintf("steps[%d].payload", i), Err: fmt.Errorf("不是规范的标准 base64 (not canonical standard base64)")}
		}
	}
	return nil
}
