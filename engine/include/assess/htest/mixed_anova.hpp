// Mixed (split-plot) analysis of variance: one between-participants factor
// (group) and one within-participants factor (wave, k >= 2 repeated
// measures), with type III sums of squares under sum-to-zero contrasts, as
// SPSS GLM repeated measures and R's car::Anova(lm(cbind(w1, ..., wk) ~
// group), idata = data.frame(wave = factor(1:k)), idesign = ~wave, type =
// "III") with options(contrasts = c("contr.sum", "contr.poly")), its
// univariate tests and Greenhouse-Geisser correction.
// Closed forms: with m_i the mean of participant i over the waves and
// d_ij = y_ij - m_i,
//   between:     one-way ANOVA of m_i over the groups (SS scaled by k);
//   within:      SS = sum_j u_j^2 / c with u_j the unweighted mean over the
//                groups of the group means of d_.j and c = sum_g (1/n_g) / G^2
//                (the intercept of the sum-contrast model: type III);
//   interaction: SS = sum_g n_g sum_j (mean_g d_.j - mean d_.j)^2;
//   error SS of within and interaction: sum (d_ij - mean_g d_.j)^2, df
//   (k - 1)(n - G); GG epsilon = tr(E)^2 / ((k - 1) tr(E^2)) with E the
//   pooled within-group SSCP matrix of the d_i.
// With two waves the interaction F is the squared Student t of the gains
// between two groups.
#pragma once

#include <cstddef>
#include <vector>

#include "assess/core/fault.hpp"

namespace assess::htest {

struct MixedNote {
  enum class Kind {
    rows_excluded,     // `n` rows with a missing score were left out
    empty_level,       // level `level` has no complete row: left out
    no_error_df,       // every group has one participant: F, p (and epsilon) are NaN
    between_no_error,  // the participant means do not vary within the groups: between F, p NaN
    within_no_error,   // no residual variation within participants: within and interaction F, p,
                       // epsilon NaN
  };
  Kind kind;
  std::size_t level = 0;  // empty_level
  std::size_t n = 0;      // rows_excluded
};

// gg_epsilon and p_gg only for within and interaction (NaN for between).
struct MixedEffect {
  double F, df1, df2, p, partial_eta_sq, gg_epsilon, p_gg;
  double ss, ss_error;  // as car's univariate table (Sum Sq, Error SS)
};

struct MixedAnova {
  long n = 0;                // complete rows used
  std::size_t k = 0;         // waves
  std::size_t n_groups = 0;  // levels with at least one complete row
  MixedEffect between, within, interaction;
  std::vector<long> group_n;               // per level index: complete rows
  std::vector<std::vector<double>> means;  // per level index: the mean of each wave (NaN for an empty level)
  std::vector<MixedNote> notes;
};

// The most waves (the k x k error matrix of the epsilon).
inline constexpr std::size_t kMaxWaves = 200;

// scores: n rows x k waves, row-major (NaN = missing: the row is dropped);
// group[i] = level index < n_levels.
// Faults: too_few columns (k < 2, limit 2); too_many columns (limit
// kMaxWaves); lengths_differ (n = the rows of scores, m = group's length;
// when scores.size() is not a multiple of k: n = scores.size(), m = k times
// group's length); bad_value (a level index >= n_levels at `index`);
// too_few groups (fewer than 2 levels with a complete row, limit 2).
Outcome<MixedAnova> mixed_anova(const std::vector<double>& scores, std::size_t k, const std::vector<std::size_t>& group,
                                std::size_t n_levels);

}  // namespace assess::htest
