// Package estimate turns the results of a random draw into an estimate of
// the share of units with problems in the whole frame, with a 95 %
// interval. No hand-picked inspection can give this number: it is valid
// only because every unit had a known chance of being drawn.
//
// This comment is the specification. Every formula below can be checked
// by hand; the tests work small examples out in full.
//
// # What is counted
//
// A unit "has a problem" when its inspection result carries at least one
// finding other than 未发现问题 (which result codes count is decided by the
// caller and should be printed next to the estimate). y is the number of
// inspected units with a problem, n (or m_i) the number of units inspected,
// N (or M_i) the number of eligible units in the frame the sample was drawn
// from, at the time of the draw.
//
// Assumptions, which the draw of package sampling satisfies:
//
//   - Units (and, in the two-stage draw, counties) are drawn without
//     replacement with equal probability: the ones with the smallest
//     tickets, i.e. simple random sampling without replacement (SRSWOR).
//     Systematic sampling over the ticket order is also SRSWOR.
//   - Every drawn unit is inspected and classified. A unit replaced by the
//     next alternate in ticket order (out of scope, deregistered) leaves
//     an SRSWOR of the units that can be inspected. Units that could not be
//     classified must not be counted as "no problem"; drop them from n.
//   - Key units and seriously dishonest units inspected in full outside
//     the random draw are not part of the sample; the estimate speaks for
//     the frame the random draw was made from, nothing else.
//
// # Simple random sample: the Wilson score interval
//
// With p̂ = y/n and z the normal quantile (z = 1.96 for 95 %), the Wilson
// interval is the set of p with (p̂ − p)² ≤ z²·p(1 − p)/n, that is
//
//	centre = (p̂ + z²/(2n)) / (1 + z²/n)
//	half   = z/(1 + z²/n) · √( p̂(1 − p̂)/n + z²/(4n²) )
//	lo, hi = centre − half, centre + half
//
// It stays inside [0, 1] and, unlike p̂ ± z·√(p̂(1−p̂)/n), does not
// collapse to a point when y = 0 or y = n: for 0 problems in 10 units it
// gives [0, 0.2775].
//
// Finite population correction (WilsonFPC). Drawing n of N units without
// replacement multiplies the variance of p̂ by (N − n)/(N − 1). Putting that
// factor into the equation above is the same as using
//
//	z' = z · √( (N − n)/(N − 1) )
//
// in place of z in the closed form. When n = N (everyone inspected) the
// interval is the point p̂. Which to use: our frames are finite and known,
// so WilsonFPC with N = the frame size is the estimate to show for a simple
// or systematic draw; the seed plan's sampling fraction (at least 5 %)
// narrows the interval visibly (about 2.5 % at 5 %, 13 % at 25 %). Wilson
// (N unknown, or N → ∞) is the conservative choice when the frame size at
// the time of the draw is not known.
//
// # Two-stage draw: counties, then units
//
// The three-stage draw first takes k of the K eligible counties by SRSWOR,
// then m_i of the M_i eligible units of each drawn county i by SRSWOR (the
// third stage, inspectors, does not affect which units are inspected). With
// p_i = y_i/m_i the share found in county i, the estimate is the ratio
// estimator (Cochran 1977, §11.8–11.9; Lohr, Sampling: Design and
// Analysis, 2nd ed., §5.3 — ch. 6 in the 3rd ed.):
//
//	P̂ = Σ M_i·p_i / Σ M_i          (sums over the k drawn counties)
//
// the share of problems in the drawn counties with each county weighted by
// its size. Its variance is estimated by
//
//	V̂(P̂) = 1/M̄² · [ (1 − k/K)·s_e²/k  +  1/(k·K) · Σ M_i²·(1 − m_i/M_i)·s_i²/m_i ]
//
//	e_i  = M_i·(p_i − P̂)                    (residual total of county i)
//	s_e² = Σ e_i² / (k − 1)                  (between counties)
//	s_i² = p_i·(1 − p_i)·m_i/(m_i − 1)       (within county i, 0/1 variable)
//	M̄    = M_0/K if the frame total M_0 of all K counties is given,
//	       else Σ M_i / k over the drawn counties
//
// This is the standard two-stage formula for the unbiased total,
// V̂(t̂) = K²(1 − k/K)·s_b²/k + (K/k)·Σ M_i²(1 − m_i/M_i)·s_i²/m_i with
// t̂ = (K/k)·Σ M_i·p_i, divided by M_0² = (K·M̄)², and with the county
// totals M_i·p_i in s_b² replaced by the residuals e_i.
//
// Why the ratio estimator and not the unbiased t̂/M_0: (1) P̂ is a weighted
// mean of county shares and so always lies in [0, 1]; t̂/M_0 exceeds 1 when
// the large counties happen to be drawn and show many problems. (2) The
// between-county term of t̂ measures how county totals differ, which with
// counties of very different size is mostly a difference of size, not of
// problem rate; the residuals e_i remove the size effect, so the interval
// is much narrower for the same draw. (3) It does not need M_0. Its bias is
// of order 1/k and small against its standard error.
//
// Interval: P̂ ± t·√V̂(P̂), clipped to [0, 1], where t is the 97.5 %
// quantile of Student's t with k − 1 degrees of freedom (12.706 for k = 2,
// 4.303 for k = 3, 3.182 for 4, 2.776 for 5, 2.571 for 6, 2.447 for 7,
// 2.365 for 8, 2.306 for 9, 2.262 for 10, 2.228 for 11, 2.201 for 12;
// 1.96 in the limit). With only a handful of counties the between-county
// variance rests on k − 1 degrees of freedom, and 1.96 would make the
// interval too short. When every county is drawn (k = K) the first term
// vanishes and the county totals are exact; the interval then uses the
// normal quantile 1.96, the t correction being for an estimated
// between-county variance.
//
// Edge cases: k = 1 < K leaves no way to estimate the between-county
// variance: the estimate is returned with ErrTooFewCounties and no
// interval. m_i = 1 < M_i leaves no way to estimate the within-county
// variance of that county: an error (inspect at least two units, or all).
// A county with every unit inspected (m_i = M_i) contributes no within
// term, whatever m_i. When no problem, or only problems, were found in
// every sampled unit the estimated variance is 0 and the interval is a
// point; TwoStageResult.Degenerate says so, and such an interval must not
// be shown as certainty.
package estimate
