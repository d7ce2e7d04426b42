
# ------------------------------------------------------------ the study
# result$flow, sample, background, post_surveys, employers, outcomes,
# correlations and, with ratings, panel.
