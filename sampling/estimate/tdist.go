package estimate

import (
	"fmt"
	"math"
)

// TQuantile returns t such that P(|T| ≤ t) = level for Student's t with df
// degrees of freedom (level 0.95 gives the 97.5 % quantile: 12.706 for
// df = 1, 4.303 for df = 2, …, 1.960 as df → ∞).
//
// It inverts, by bisection, the exact closed form of the distribution for
// integer df (Abramowitz & Stegun 26.7.3–26.7.4), with θ = atan(t/√df),
// s = sin θ, c = cos θ:
//
//	df = 1:       A = 2θ/π
//	df odd ≥ 3:   A = 2/π · (θ + s·(c + 2/3·c³ + 2·4/(3·5)·c⁵ + … + 2·4…(df−3)/(3·5…(df−2))·c^(df−2)))
//	df even:      A = s · (1 + 1/2·c² + 1·3/(2·4)·c⁴ + … + 1·3…(df−3)/(2·4…(df−2))·c^(df−2))
func TQuantile(level float64, df int) (float64, error) {
	if !(level > 0 && level < 1) {
		return 0, fmt.Errorf("置信水平 %v 无效，应在 0 与 1 之间 (invalid level)", level)
	}
	if df < 1 {
		return 0, fmt.Errorf("自由度 %d 无效，至少为 1 (invalid degrees of freedom)", df)
	}
	lo, hi := 0.0, 1.0
	for tTwoSided(hi, df) < level {
		lo, hi = hi, 2*hi
	}
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if tTwoSided(mid, df) < level {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, nil
}

// tTwoSided is A(t|df) = P(|T| ≤ t), t ≥ 0.
func tTwoSided(t float64, df int) float64 {
	theta := math.Atan(t / math.Sqrt(float64(df)))
	s, c := math.Sin(theta), math.Cos(theta)
	c2 := c * c
	if df%2 == 0 {
		term, sum := 1.0, 1.0
		for j := 2; j <= df-2; j += 2 {
			term *= float64(j-1) / float64(j) * c2
			sum += term
		}
		return s * sum
	}
	if df == 1 {
		return 2 * theta / math.Pi
	}
	term, sum := c, c
	for j := 3; j <= df-2; j += 2 {
		term *= float64(j-1) / float64(j) * c2
		sum += term
	}
	return 2 / math.Pi * (theta + s*sum)
}
