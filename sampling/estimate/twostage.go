package estimate

import (
	"errors"
	"fmt"
	"math"
)

// County is one county drawn at the first stage.
type County struct {
	Name     string // for messages only, e.g. "双桥区" or a GB/T 2260 code
	M        int    // M_i: eligible units in the county's frame at the draw
	Sampled  int    // m_i: units drawn and inspected
	Problems int    // y_i: inspected units with at least one problem
}

// TwoStageInput is a two-stage draw: k = len(Counties) of K eligible
// counties, then units within each drawn county.
type TwoStageInput struct {
	K        int // eligible counties in the first-stage frame
	M0       int // optional: eligible units in all K counties; 0 = unknown
	Counties []County
}

// TwoStageResult is the estimate of the frame-wide share of units with
// problems and its 95 % interval. See the package doc for the formulas.
type TwoStageResult struct {
	P      float64 // P̂, ratio estimator
	SE     float64 // √V̂(P̂); NaN when it cannot be estimated
	Lo, Hi float64 // P̂ ∓ Quantile·SE clipped to [0, 1]; NaN when SE is NaN
	// Quantile is the multiplier used: Student's t, 97.5 %, k − 1 degrees
	// of freedom (DF); or 1.96 with DF = 0 when every county was drawn.
	Quantile float64
	DF       int
	// The two terms of V̂(P̂), already divided by M̄²: between counties
	// and within counties. SE² = Between + Within.
	Between, Within float64
	MBar            float64 // M̄ used in V̂(P̂)
	K, Drawn        int     // K and k
	Units, Problems int     // Σ m_i and Σ y_i
	// Degenerate: V̂(P̂) = 0 although not every unit of the frame was
	// inspected (typically: no problem found anywhere). The interval is
	// the point P̂ and says nothing about uncertainty; do not show it as one.
	Degenerate bool
}

// ErrTooFewCounties: only one county of several was drawn, so the variance
// between counties cannot be estimated. TwoStage then still returns P̂.
var ErrTooFewCounties = errors.New("只抽取了 1 个县，无法估计县间方差，只能给出点估计、不能给出区间 (one county drawn: no between-county variance)")

// TwoStage computes the ratio estimate P̂ of the share of units with
// problems in the whole frame of a two-stage draw (counties by SRSWOR, then
// units within each drawn county by SRSWOR) and its 95 % interval.
//
// When only one of several counties was drawn it returns the result with P,
// Units, Problems filled, SE/Lo/Hi NaN, and an error wrapping
// ErrTooFewCounties. Any other error means no estimate.
func TwoStage(in TwoStageInput) (TwoStageResult, error) {
	k := len(in.Counties)
	r := TwoStageResult{K: in.K, Drawn: k}
	if in.K < 1 {
		return r, fmt.Errorf("合格县数 K=%d 无效，至少为 1 (invalid K)", in.K)
	}
	if k == 0 {
		return r, errors.New("没有抽中的县，无法估计 (no county drawn)")
	}
	if k > in.K {
		return r, fmt.Errorf("抽中县数 k=%d 大于合格县数 K=%d (more counties drawn than eligible)", k, in.K)
	}
	sumM := 0
	for i, c := range in.Counties {
		where := fmt.Sprintf("第 %d 个抽中县", i+1)
		if c.Name != "" {
			where += "（" + c.Name + "）"
		}
		switch {
		case c.M < 1:
			return r, fmt.Errorf("%s：名录单位数 M=%d，至少为 1 (county frame empty)", where, c.M)
		case c.Sampled < 1:
			return r, fmt.Errorf("%s：未检查任何单位 (m=%d)，无法估计 (no unit inspected)", where, c.Sampled)
		case c.Sampled > c.M:
			return r, fmt.Errorf("%s：检查单位数 m=%d 大于名录单位数 M=%d (m > M)", where, c.Sampled, c.M)
		case c.Problems < 0 || c.Problems > c.Sampled:
			return r, fmt.Errorf("%s：有问题单位数 y=%d 不在 0 到检查单位数 m=%d 之间 (y out of range)", where, c.Problems, c.Sampled)
		case c.Sampled < 2 && c.Sampled < c.M:
			return r, fmt.Errorf("%s：只检查了 1 个单位（名录 %d 个），无法估计县内方差；每县至少检查 2 个单位或全部检查 (m < 2)", where, c.M)
		}
		sumM += c.M
		r.Units += c.Sampled
		r.Problems += c.Problems
	}
	if in.M0 != 0 {
		if in.M0 < sumM {
			return r, fmt.Errorf("全部县名录单位总数 M0=%d 小于抽中县名录单位数之和 %d (M0 too small)", in.M0, sumM)
		}
		if k == in.K && in.M0 != sumM {
			return r, fmt.Errorf("所有县均被抽中，但 M0=%d 不等于各县名录单位数之和 %d (M0 inconsistent)", in.M0, sumM)
		}
	}

	// P̂ = Σ M_i p_i / Σ M_i.
	num := 0.0
	p := make([]float64, k)
	for i, c := range in.Counties {
		p[i] = float64(c.Problems) / float64(c.Sampled)
		num += float64(c.M) * p[i]
	}
	r.P = num / float64(sumM)

	kf, Kf := float64(k), float64(in.K)
	if in.M0 > 0 {
		r.MBar = float64(in.M0) / Kf
	} else {
		r.MBar = float64(sumM) / kf
	}

	if k < 2 && k < in.K {
		r.SE, r.Lo, r.Hi = math.NaN(), math.NaN(), math.NaN()
		return r, fmt.Errorf("合格县 %d 个中%w", in.K, ErrTooFewCounties)
	}

	// Between counties: (1 − k/K) s_e²/k, s_e² = Σ e_i²/(k − 1).
	between := 0.0
	if k < in.K {
		se2 := 0.0
		for i, c := range in.Counties {
			e := float64(c.M) * (p[i] - r.P)
			se2 += e * e
		}
		se2 /= kf - 1
		between = (1 - kf/Kf) * se2 / kf
	}
	// Within counties: 1/(kK) Σ M_i² (1 − m_i/M_i) s_i²/m_i.
	within := 0.0
	for i, c := range in.Counties {
		if c.Sampled == c.M {
			continue
		}
		m, M := float64(c.Sampled), float64(c.M)
		si2 := p[i] * (1 - p[i]) * m / (m - 1)
		within += M * M * (1 - m/M) * si2 / m
	}
	within /= kf * Kf

	m2 := r.MBar * r.MBar
	r.Between, r.Within = between/m2, within/m2
	v := r.Between + r.Within
	r.SE = math.Sqrt(v)

	if k < in.K {
		r.DF = k - 1
		t, err := TQuantile(0.95, r.DF)
		if err != nil {
			return r, err // cannot happen: DF ≥ 1
		}
		r.Quantile = t
	} else {
		r.Quantile = Z95
	}
	r.Lo = math.Max(0, r.P-r.Quantile*r.SE)
	r.Hi = math.Min(1, r.P+r.Quantile*r.SE)

	census := k == in.K
	for _, c := range in.Counties {
		census = census && c.Sampled == c.M
	}
	r.Degenerate = v == 0 && !census
	return r, nil
}
