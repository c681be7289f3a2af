// Package sampling is the draw engine of shuangsui: verifiable tickets,
// simple and systematic samples, the three-stage draw (counties, units,
// inspector teams), its feasibility check, the ceremony as a replayable
// sequence of steps, the substitutions and entries after the seal (results,
// publications, penalties, transfers, dishonest marks, each a chained step
// checked by Ledger), and the strict verification of a sealed record.
//
// The package is pure: no I/O, no clock, no global state. Every result is a
// deterministic function of its arguments, so that a third party can
// re-derive any draw from the printed record. The byte-level specification,
// with test vectors, is SPEC.md beside this file.
//
// Tickets are those of generation 1 of Rivest's consistent sampler
// (arXiv:1808.10016): for a seed and an id, x = SHA-256(hex(SHA-256(seed)) ‖ id)
// read as a decimal number, zero-padded to 64 digits and reversed behind "0.".
// The ids with the smallest tickets are drawn first.
package sampling
