package cli

import (
	"bytes"
	"strings"
	"testing"
)

func TestSampleCommand(t *testing.T) {
	const spec4 = "ab-1\nab-2\ncd-1\nef-3\n"
	const ten = "ab-1\nab-2\ncd-1\nef-3\ngh-5\nij-8\nkl-13\nmn-21\nop-34\nqr-55\n"
	const chengde = "承德县\n兴隆县\n滦平县\n隆化县\n丰宁满族自治县\n宽城满族自治县\n围场满族蒙古族自治县\n平泉市\n双桥区\n双滦区\n鹰手营子矿区\n承德市统计局\n"
	specOut := "1\tcd-1\t0.31768581747785156587\n2\tef-3\t0.83298451953367065007\n" +
		"3\tab-1\t0.90980392695231990029\n4\tab-2\t0.92315490438118380444\n"
	tests := []struct {
		name    string
		args    []string
		stdin   string
		code    int
		stdout  string // exact, when code is 0
		errHave string // part of stderr, when code is not 0
	}{
		{"spec example", []string{"--seed", "314159", "--take", "2", "--alternates", "2"}, spec4, 0, specOut, ""},
		{"crlf, no final newline", []string{"--seed=314159", "--take=2", "--alternates=2"}, "ab-1\r\nab-2\r\ncd-1\r\nef-3", 0, specOut, ""},
		{"flags after lang", []string{"--lang", "en", "--seed", "314159", "--take", "2", "--alternates", "9"}, spec4, 0, specOut, ""},
		{"take only", []string{"--seed", "314159", "--take", "1"}, spec4, 0, "1\tcd-1\t0.31768581747785156587\n", ""},
		{"take zero", []string{"--seed", "314159", "--take", "0"}, spec4, 0, "", ""},
		{"systematic", []string{"--seed", "314159", "--take", "3", "--alternates", "2", "--systematic"}, ten, 0,
			"start\t545125375161198011\n1\tab-2\tpos=2\n2\tij-8\tpos=6\n3\top-34\tpos=9\n" +
				"4\tmn-21\t0.27943921339262153615\n5\tcd-1\t0.31768581747785156587\n", ""},
		{"systematic chinese", []string{"--seed", "3-1-4-1-5-9-2-6", "--take", "4", "--alternates", "3", "--systematic"}, chengde, 0,
			"start\t367049315146946023\n1\t兴隆县\tpos=2\n2\t围场满族蒙古族自治县\tpos=5\n3\t承德县\tpos=8\n4\t隆化县\tpos=11\n" +
				"5\t鹰手营子矿区\t0.02726802166978601406\n6\t滦平县\t0.37854462997882523073\n7\t平泉市\t0.58685883804679094007\n", ""},
		{"chinese simple", []string{"--seed", "3-1-4-1-5-9-2-6", "--take", "3", "--alternates", "2"}, chengde, 0,
			"1\t鹰手营子矿区\t0.02726802166978601406\n2\t隆化县\t0.05772150549921710348\n3\t围场满族蒙古族自治县\t0.33700897677471641770\n" +
				"4\t滦平县\t0.37854462997882523073\n5\t兴隆县\t0.38912023081093855321\n", ""},
		{"only a trailing CR is removed", []string{"--seed", "1", "--take", "2"}, "a\r\r\na\r\n", 0, "", ""},

		{"empty line", []string{"--seed", "1", "--take", "1"}, "a\n\nb\n", 2, "", "第 2 行是空行"},
		{"empty first line", []string{"--seed", "1", "--take", "1"}, "\na\n", 2, "", "第 1 行是空行"},
		{"blank CRLF line", []string{"--seed", "1", "--take", "1"}, "a\r\n\r\nb\r\n", 2, "", "第 2 行是空行"},
		{"two final newlines", []string{"--seed", "1", "--take", "1"}, "a\nb\n\n", 2, "", "第 3 行是空行"},
		{"duplicate", []string{"--seed", "1", "--take", "1"}, "a\nb\nc\nb\n", 2, "", `编号重复: "b"(第 2 行与第 4 行)`},
		{"duplicate after CR strip", []string{"--seed", "1", "--take", "1"}, "承德县\r\n兴隆县\n承德县\n", 2, "", `编号重复: "承德县"(第 1 行与第 3 行)`},
		{"duplicate, systematic", []string{"--seed", "1", "--take", "1", "--systematic"}, "a\nb\nc\nb\n", 2, "", `编号重复: "b"(第 2 行与第 4 行)`},
		{"duplicate before take above N", []string{"--seed", "1", "--take", "9"}, "a\nb\na\n", 2, "", `编号重复: "a"(第 1 行与第 3 行)`},
		{"take above N", []string{"--seed", "1", "--take", "5"}, spec4, 2, "", "抽取数 --take 5 大于编号总数 4"},
		{"take above N systematic", []string{"--seed", "1", "--take", "5", "--systematic"}, spec4, 2, "", "大于编号总数 4"},
		{"empty input", []string{"--seed", "1", "--take", "1"}, "", 2, "", "大于编号总数 0"},
		{"missing seed", []string{"--take", "1"}, spec4, 2, "", "缺少 --seed"},
		{"empty seed", []string{"--seed", "", "--take", "1"}, spec4, 2, "", "缺少 --seed"},
		{"missing take", []string{"--seed", "1"}, spec4, 2, "", "缺少 --take"},
		{"negative take", []string{"--seed", "1", "--take", "-2"}, spec4, 2, "", "--take -2 不能为负"},
		{"negative alternates", []string{"--seed", "1", "--take", "1", "--alternates", "-1"}, spec4, 2, "", "--alternates -1 不能为负"},
		{"systematic take zero", []string{"--seed", "1", "--take", "0", "--systematic"}, spec4, 2, "", "至少抽取 1 个"},
		{"positional argument", []string{"--seed", "1", "--take", "1", "ids.txt"}, spec4, 2, "", "不接受位置参数"},
		{"bad number", []string{"--seed", "1", "--take", "two"}, spec4, 2, "", "invalid value"},
		{"english message", []string{"--lang", "en", "--seed", "1", "--take", "1"}, "a\na\n", 2, "", `duplicate id "a" (lines 1 and 2)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(append([]string{"sample"}, tt.args...), strings.NewReader(tt.stdin), &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if tt.code != 0 {
				if stdout.Len() != 0 {
					t.Errorf("stdout not empty on error: %q", stdout.String())
				}
				if !strings.Contains(stderr.String(), tt.errHave) {
					t.Errorf("stderr %q does not contain %q", stderr.String(), tt.errHave)
				}
				return
			}
			if tt.name == "only a trailing CR is removed" {
				// "a\r" and "a" are two different ids.
				if lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n"); len(lines) != 2 {
					t.Fatalf("got %q", stdout.String())
				}
				return
			}
			if stdout.String() != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tt.stdout)
			}
			if stderr.Len() != 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
		})
	}
}

// TestSampleCommandHelp: -h prints the flags and exits 0; the command is
// listed by help.
func TestSampleCommandHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"sample", "-h"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("sample -h: exit %d", code)
	}
	if !strings.Contains(stdout.String(), "-seed") || stderr.Len() != 0 {
		t.Errorf("sample -h did not describe --seed on stdout: %s\nstderr: %s", stdout.String(), stderr.String())
	}
	stdout.Reset()
	Main([]string{"help"}, strings.NewReader(""), &stdout, &stderr)
	if !strings.Contains(stdout.String(), "sample --seed S --take K") {
		t.Errorf("help does not list sample:\n%s", stdout.String())
	}
}
