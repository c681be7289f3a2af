// Package sheet prints the witness sheet (见证记录) of a ceremony: the paper
// that the operator, the witnesses and the supervisor sign, which is the
// legal record of a draw. It comes in two forms with the same content:
//
//   - an xlsx workbook for an office printer: A4 portrait, fitted to the page
//     width, 宋体 body and 黑体 headings set explicitly, the title rows
//     repeated on every page, a footer "第 &P 页 共 &N 页 · 校验码 …" on every
//     page so that pages cannot be swapped between records, ids stored as
//     text and a QR code of the verification code;
//   - plain UTF-8 text for a line printer: at most 80 terminal cells a line
//     (CJK = 2 cells, East-Asian ambiguous characters counted as 2 as well,
//     so the limit holds under any locale), pages of 64 lines separated by
//     form feeds, each page headed by the verification code.
//
// There are three kinds of sheet. The pre-draw commitment sheet
// (KindPre) is printed once the frame is committed and before the seed
// exists: it shows the frame fingerprint F, the time it was committed, the
// counts, the parameters and the exclusions, and gives the witnesses a place
// to sign that F was shown to them before any digit was turned into a seed.
// The final sheet (KindFinal) is printed after sealing and holds everything
// needed to re-derive the draw: F, the seed S, every stage with its tickets,
// the verification code and how to verify. The amendment sheet (KindAmend,
// 替换修订记录) is printed once a sealed ceremony carries substitution steps
// (SPEC.md §9): every substitution in order with its time, reason, operator
// and the replacement's ticket, the rule that chose it, the units and teams
// as they now stand (members a new unit makes unfit flagged 需替换), the
// original verification code and the amended code (the hash of the last
// substitute step), which replaces the verification code in the footer of
// every page. KindFor picks it for an amended ceremony; the final sheet
// stays available on request.
//
// The rendering (text and xlsx) works on the neutral document model in
// model.go; each kind is only a different list of sections.
//
// Everything here is a pure function of the ceremony id, the replayed
// ceremony and the language, except WriteAll, which writes files.
package sheet
