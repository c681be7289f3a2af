package assets

import (
	"bytes"
	_ "embed"
	"fmt"
)

// verifyJS is the independent verifier in JavaScript (SPEC.md §1–§11):
// `node verify.js record R.json`, and the code of the offline page.
//
//go:embed verify.js
var verifyJS []byte

// verifierHTML is the offline page without its verifier: the line
// /*VERIFY_JS*/ stands where verify.js goes.
//
//go:embed verifier.html
var verifierHTML []byte

// placeholder marks where verify.js is inserted into verifierHTML.
var placeholder = []byte("/*VERIFY_JS*/")

// VerifierPage is the single self-contained HTML page that verifies a
// record offline in a browser: verifier.html with verify.js inside.
func VerifierPage() ([]byte, error) {
	if bytes.Count(verifierHTML, placeholder) != 1 {
		return nil, fmt.Errorf("核验页模板中应恰有一处 /*VERIFY_JS*/ (the page template must hold the placeholder once)")
	}
	// Inside <script>, "</script" would end the script early.
	if bytes.Contains(bytes.ToLower(verifyJS), []byte("</script")) {
		return nil, fmt.Errorf("verify.js 含有 </script,不能嵌入网页 (verify.js contains </script and cannot be inlined)")
	}
	return bytes.Replace(verifierHTML, placeholder, verifyJS, 1), nil
}
