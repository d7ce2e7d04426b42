
# ------------------------------------------------------------ pre-post
# result$prepost: one entry per instrument with `prepost: true`, in the
# plan's order, {instrument, result} with the fields of analyze_prepost's
# result (docs/analysis.md) that are recomputed here:
#   scores from items.csv (reverse keying min + max - x, the mean of the
#   answered items when at least min_answered are answered; scored numbers
#   as they are); pairs by `code` (the data set row's code: the engine's
#   linking, confirmed links included, is already applied) between the
#   first wave and each later one; a pair's group and programme are its
#   first-wave record's, else the later record's;
#   counts (records per wave, pairs, missing scores), the pre-post tests
#   (t.test paired, shapiro.test, wilcox.test, d_z with its noncentral-t
#   interval, p.adjust holm), reliability (psych::alpha and alpha.ci,
#   Spearman-Brown, omega from lavaan), the factor model (lavaan::cfa),
#   the programmes, the groups (by group, comparison, baseline, post,
#   ANCOVA, mixed ANOVA with car::Anova, attrition) and the later waves
#   (wave_pairs, post.followup, ancova.followup).
# Not recomputed (left out of recomputed.json):
#   counts.files/records_read/records_excluded/records_used/rows/records/
#     records_rejected/errors/warnings and `linking`: they describe the
#     import of the raw response files and the linking of their codes
#     (check symbols, file rows, near matches), which the bundle's CSV
#     files no longer hold (they carry the linked code only);
#   factor_model.<wave>.iterations: the engine's optimiser's own count (the
#     fit itself is recomputed: lavaan's BFGS to a relative change of 1e-14,
#     so that SRMR, which moves with the estimates, agrees within 1e-8 too);
#   `warnings`, `warning_msgs`, `markdown`: text, not numbers.
suppressPackageStartupMessages({
  library(psych)
  library(lavaan)
  library(car)
})

pp_ms <- function(x) list(mean = if (length(x) > 0) mean(x) else NA, sd = if (length(x) > 1) sd(x) else NA)

# M and SD with the interval of the mean (t.test(x)$conf.int); the mean
# itself when the values are all equal.
pp_ms_ci <- function(x) {
  ci <- if (length(x) < 2) c(NA, NA) else if (sd(x) == 0) c(mean(x), mean(x)) else
    t.test(x, conf.level = conf_level)$conf.int
  c(pp_ms(x), list(ci_low = ci[1], ci_high = ci[2]))
}

pp_wilcoxon <- function(y, x) {
  d <- y - x
  nz <- d[d != 0]
  n <- length(nz)
  if (n == 0) return(list(V = NA, p = NA, n = 0, method = NA, p_holm = NA, r_rb = NA))
  exact <- n < 50 && !any(d == 0) && !any(duplicated(abs(nz)))
  w <- suppressWarnings(wilcox.test(y, x, paired = TRUE, correct = TRUE))
  V <- unname(w$statistic)
  list(V = V, p = w$p.value, n = n, method = if (exact) "exact" else "normal", p_holm = NA,
       r_rb = 2 * V / (n * (n + 1) / 2) - 1)
}

# The pre-post tests of one score over the pairs with both scores. `full`:
# the entry of the top level, a group or a pair of waves (n_pairs, the
# intervals of the means, primary_test); else a programme's entry (n, no
# intervals of the means, the tests only from 5 pairs).
pp_paired <- function(id, x, y, full) {
  ok <- !is.na(x) & !is.na(y)
  x <- x[ok]; y <- y[ok]; d <- y - x; n <- length(d)
  out <- list(id = id)
  if (full) {
    out <- c(out, list(n_pairs = n, pre = pp_ms_ci(x), post = pp_ms_ci(y)))
  } else {
    out <- c(out, list(n = n, pre = pp_ms(x), post = pp_ms(y)))
  }
  out$gain <- pp_ms(d)
  constant <- n > 0 && all(d == d[1])
  out$shapiro <- if (n >= 3 && n <= 5000 && !constant) {
    sw <- shapiro.test(d)
    list(W = unname(sw$statistic), p = sw$p.value)
  } else list(W = NA, p = NA)
  runs <- full || n >= 5
  if (runs && n >= 2 && !constant) {
    tt <- t.test(y, x, paired = TRUE, conf.level = conf_level)
    ci <- ncp_interval(unname(tt$statistic), n - 1, conf_level) / sqrt(n)
    out <- c(out, list(t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value, p_holm = NA,
                       ci_low = tt$conf.int[1], ci_high = tt$conf.int[2],
                       dz = mean(d) / sd(d), dz_ci_low = ci[1], dz_ci_high = ci[2]))
  } else {
    out <- c(out, list(t = NA, df = if (runs && n >= 2) n - 1 else NA, p = NA, p_holm = NA, ci_low = NA,
                       ci_high = NA, dz = NA, dz_ci_low = NA, dz_ci_high = NA))
  }
  out$wilcoxon <- if (runs && n >= 1) pp_wilcoxon(y, x) else
    list(V = NA, p = NA, n = if (runs) n else NA, method = NA, p_holm = NA, r_rb = NA)
  if (full) {
    out$primary_test <- if (is.na(out$t)) NA else if (!is.na(out$shapiro$p) && out$shapiro$p < 0.05) "wilcoxon" else
      "paired_t"
  }
  out
}

# A block {subscales, total, numbers} of the scores S (list(subscales, total,
# numbers) of ids): Holm over the subscales with `get`/`set`; the total and
# the numbers outside the family (`drop` removes their p_holm).
pp_block <- function(S, one, get = function(e) e$p, set = function(e, v) { e$p_holm <- v; e },
                     drop = function(e) { e$p_holm <- NULL; e }) {
  subs <- lapply(S$subscales, one)
  if (length(subs) > 0) {
    adj <- p.adjust(vapply(subs, function(e) { v <- get(e); if (length(v) == 0) NA_real_ else as.numeric(v) }, 0),
                    method = "holm")
    for (k in seq_along(subs)) subs[[k]] <- set(subs[[k]], adj[k])
  }
  out <- list(subscales = subs)
  if (!is.null(S$total)) out$total <- drop(one(S$total))
  if (length(S$numbers) > 0) out$numbers <- lapply(S$numbers, function(s) drop(one(s)))
  out
}

# Pre-post tests of every score: Holm over the subscales' t p, and apart
# over their Wilcoxon p.
pp_tests_block <- function(S, X, Y, full) {
  b <- pp_block(S, function(s) pp_paired(s, X[, s], Y[, s], full))
  if (length(b$subscales) > 0) {
    adj <- p.adjust(vapply(b$subscales, function(e) as.numeric(e$wilcoxon$p), 0), method = "holm")
    for (k in seq_along(b$subscales)) b$subscales[[k]]$wilcoxon$p_holm <- adj[k]
  }
  strip <- function(e) { e$wilcoxon$p_holm <- NULL; e }
  if (!is.null(b$total)) b$total <- strip(b$total)
  if (!is.null(b$numbers)) b$numbers <- lapply(b$numbers, strip)
  b
}

# x against y (first minus second): t.test (Welch, or Student's with
# equal_var), Cohen's d with the pooled SD and its noncentral-t interval on
# n_x + n_y - 2 df, Hedges' exact g. `names`: the block's names of the counts
# and of the two samples' {mean, sd}.
pp_two_group <- function(id, x, y, names) {
  x <- x[!is.na(x)]; y <- y[!is.na(y)]
  nx <- length(x); ny <- length(y)
  out <- list(id = id)
  out[[names[1]]] <- nx
  out[[names[2]]] <- ny
  out[[names[3]]] <- pp_ms(x)
  out[[names[4]]] <- pp_ms(y)
  out$mean_diff <- if (nx > 0 && ny > 0) mean(x) - mean(y) else NA
  runs <- if (equal_var) nx >= 1 && ny >= 1 && nx + ny >= 3 else nx >= 2 && ny >= 2
  if (!runs) {
    return(c(out, list(t = NA, df = NA, p = NA, p_holm = NA, ci_low = NA, ci_high = NA, d = NA, d_ci_low = NA,
                       d_ci_high = NA, g = NA)))
  }
  tt <- t.test(x, y, var.equal = equal_var, conf.level = conf_level)
  dfp <- nx + ny - 2
  sp <- sqrt(((nx - 1) * (if (nx > 1) var(x) else 0) + (ny - 1) * (if (ny > 1) var(y) else 0)) / dfp)
  d <- (mean(x) - mean(y)) / sp
  scale <- sqrt(1 / nx + 1 / ny)
  ci <- ncp_interval(d / scale, dfp, conf_level) * scale
  J <- if (dfp > 1) exp(lgamma(dfp / 2) - log(sqrt(dfp / 2)) - lgamma((dfp - 1) / 2)) else NA
  c(out, list(t = unname(tt$statistic), df = unname(tt$parameter), p = tt$p.value, p_holm = NA,
              ci_low = tt$conf.int[1], ci_high = tt$conf.int[2], d = d, d_ci_low = ci[1], d_ci_high = ci[2],
              g = d * J))
}

# ANCOVA of `later` adjusted for `pre`, group g (factor, levels reference
# then focal): anova(lm(later ~ pre + g)) (sequential: the group row after
# pre), adjusted means at the mean pre score, the focal-minus-reference
# difference with its interval (from the predictions, so whatever the
# contrasts), the pre:g row of lm(later ~ pre * g).
pp_ancova <- function(id, pre, later, g, focal, reference) {
  if (length(unique(g)) < 2) {
    # a group without pairs: no model (the engine's nulls)
    return(list(id = id, n = length(pre), F = NA, df1 = NA, df2 = NA, p = NA, p_holm = NA, partial_eta_sq = NA,
                slope = NA, adjusted_means = list(), adjusted_diff = NA, diff_ci_low = NA, diff_ci_high = NA,
                homogeneity = list(F = NA, df1 = NA, df2 = NA, p = NA)))
  }
  m <- lm(later ~ pre + g)
  a <- anova(m)
  ss_g <- a["g", "Sum Sq"]; ss_r <- a["Residuals", "Sum Sq"]
  nd <- data.frame(pre = mean(pre), g = factor(c(focal, reference), levels = c(reference, focal)))
  pr <- predict(m, nd, se.fit = TRUE)
  q <- qt(1 - (1 - conf_level) / 2, m$df.residual)
  # focal minus reference, whatever the contrasts
  diff <- unname(pr$fit[1] - pr$fit[2])
  L <- model.matrix(~ pre + g, nd)
  lv <- L[1, ] - L[2, ]
  se_diff <- sqrt(drop(t(lv) %*% vcov(m) %*% lv))
  hm <- anova(lm(later ~ pre * g))
  list(id = id, n = length(pre), F = a["g", "F value"], df1 = a["g", "Df"], df2 = a["Residuals", "Df"],
       p = a["g", "Pr(>F)"], p_holm = NA, partial_eta_sq = ss_g / (ss_g + ss_r), slope = unname(coef(m)["pre"]),
       adjusted_means = lapply(1:2, function(i) {
         list(group = c(focal, reference)[i], mean = unname(pr$fit[i]), se = unname(pr$se.fit[i]),
              ci_low = unname(pr$fit[i] - q * pr$se.fit[i]), ci_high = unname(pr$fit[i] + q * pr$se.fit[i]))
       }),
       adjusted_diff = diff, diff_ci_low = diff - q * se_diff, diff_ci_high = diff + q * se_diff,
       homogeneity = if ("pre:g" %in% rownames(hm)) {
         list(F = hm["pre:g", "F value"], df1 = hm["pre:g", "Df"], df2 = hm["Residuals", "Df"], p = hm["pre:g", "Pr(>F)"])
       } else {
         list(F = NA, df1 = NA, df2 = NA, p = NA)  # the slopes cannot differ (a group of one pair): no test
       })
}

# Group x wave mixed ANOVA, type III with sum-to-zero contrasts (set here,
# before lm): car::Anova with idata/idesign; Greenhouse-Geisser from
# pval.adjustments (two waves: epsilon 1).
pp_mixed <- function(id, Y, g) {
  old <- options(contrasts = c("contr.sum", "contr.poly"))  # before lm; restored for the parts after this one
  on.exit(options(old))
  k <- ncol(Y)
  if (length(unique(g)) < 2) {
    # one group with complete rows: no model (the engine's nulls)
    none <- list(F = NA, df1 = NA, df2 = NA, p = NA, partial_eta_sq = NA)
    return(list(id = id, n = nrow(Y), between = none, within = c(none, list(gg_epsilon = NA, p_gg = NA)),
                interaction = c(none, list(gg_epsilon = NA, p_gg = NA))))
  }
  fit <- lm(Y ~ g)
  av <- car::Anova(fit, idata = data.frame(wave = factor(seq_len(k))), idesign = ~wave, type = "III")
  sm <- suppressWarnings(summary(av, multivariate = FALSE))  # "HF eps > 1 treated as 1": HF is not reported
  u <- sm$univariate.tests
  effect <- function(row, within) {
    e <- list(F = u[row, "F value"], df1 = u[row, "num Df"], df2 = u[row, "den Df"], p = u[row, "Pr(>F)"],
              partial_eta_sq = u[row, "Sum Sq"] / (u[row, "Sum Sq"] + u[row, "Error SS"]))
    if (within) {
      e <- if (k == 2) c(e, list(gg_epsilon = 1, p_gg = e$p)) else
        c(e, list(gg_epsilon = unname(sm$pval.adjustments[row, "GG eps"]),
                  p_gg = unname(sm$pval.adjustments[row, "Pr(>F[GG])"])))
    }
    e
  }
  list(id = id, n = nrow(Y), between = effect("g", FALSE), within = effect("wave", TRUE),
       interaction = effect("g:wave", TRUE))
}

# A model R cannot fit on these data (a group without pairs, no residual
# df): the entry keeps its id only, nothing recomputed, and says why.
pp_guard <- function(id, expr) {
  tryCatch(expr, error = function(e) {
    message("analysis.R: ", id, ": not recomputed: ", conditionMessage(e))
    list(id = id)
  })
}

# ------------------------------------------------------------ reliability
# lavaan's ML fit (std.lv, covariances with divisor N) on the keyed
# complete rows, its convergence checked as the contract's references do
# (converged, largest gradient below 1e-4); NULL when it fails.
pp_lavaan <- function(D, factors) {
  D <- as.data.frame(D)
  names(D) <- paste0("x", seq_len(ncol(D)))
  lines <- vapply(seq_along(factors), function(f) {
    paste0("F", f, " =~ ", paste0("x", factors[[f]], collapse = " + "))
  }, "")
  good <- function(fit) {
    !is.null(fit) && lavInspect(fit, "converged") && max(abs(lavInspect(fit, "optim.gradient"))) < 1e-4
  }
  run <- function(...) {
    tryCatch(suppressWarnings(lavaan::cfa(paste(lines, collapse = "\n"), data = D, std.lv = TRUE, estimator = "ML",
                                          ...)), error = function(e) NULL)
  }
  # Tightened: BFGS to a relative change of 1e-14 leaves gradients near 1e-8
  # (nlminb, lavaan's default, stops near 1e-6, enough for the loadings but
  # not for SRMR within 1e-8); nlminb when BFGS does not converge.
  fit <- run(optim.method = "BFGS", control = list(reltol = 1e-14, maxit = 10000))
  if (!good(fit)) fit <- run()
  if (good(fit)) fit else NULL
}

# McDonald's omega_total of one factor: (sum lambda)^2 / ((sum lambda)^2 + sum theta).
pp_omega_one <- function(m) {
  fit <- pp_lavaan(m, list(seq_len(ncol(m))))
  if (is.null(fit)) return(NA)
  est <- lavInspect(fit, "est")
  lam <- est$lambda[, 1]
  sum(lam)^2 / (sum(lam)^2 + sum(diag(est$theta)))
}

pp_ncp_chisq <- function(x2, df, p) {
  if (pchisq(x2, df) < p) return(0)
  uniroot(function(l) pchisq(x2, df, ncp = l) - p, c(0, max(2 * x2, 10)), tol = 1e-14)$root
}

# The CFA of the subscales (each of >= 2 items a factor, correlated
# factors; without subscales one factor of all items) on the wave's keyed
# complete rows K; its fit reported from n >= max(200, 10 k); the total's
# omega from it (null when items are left out).
pp_factor_model <- function(K, ins) {
  subs <- ins$subscale_ids
  if (length(subs) == 0) {
    facs <- if (length(ins$likert) >= 3) list(list(id = ins$total_id, items = ins$likert)) else list()
  } else {
    facs <- Filter(function(f) length(f$items) >= 2,
                   lapply(ins$subscales, function(s) list(id = s$id, items = unlist(s$items))))
  }
  used <- unlist(lapply(facs, function(f) f$items))
  left <- setdiff(ins$likert, used)
  if (length(facs) == 0 || (length(facs) == 1 && length(facs[[1]]$items) < 3)) {
    return(list(block = list(fitted = FALSE, reason = "structure", n = NA, k = NA, required_n = NA,
                             factors = list(), items_left_out = list()), omega = NA))
  }
  m <- K[, used, drop = FALSE]
  m <- m[complete.cases(m), , drop = FALSE]
  n <- nrow(m); k <- ncol(m); required <- max(200, 10 * k)
  at <- cumsum(c(0, vapply(facs, function(f) length(f$items), 0)))
  fit <- pp_lavaan(m, lapply(seq_along(facs), function(f) (at[f] + 1):at[f + 1]))
  block <- list(fitted = n >= required && !is.null(fit), reason = if (n >= required) NA else "sample_size",
                n = n, k = k, required_n = required,
                factors = lapply(facs, function(f) list(id = f$id, items = as.list(f$items))),
                items_left_out = as.list(left))
  omega <- NA
  if (!is.null(fit)) {
    est <- lavInspect(fit, "est")
    common <- sum(est$lambda %*% est$psi %*% t(est$lambda))
    if (length(left) == 0) omega <- common / sum(lavInspect(fit, "implied")$cov)
    if (block$fitted) {
      fm <- fitMeasures(fit, c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr"))
      x2 <- unname(fm["chisq"]); df <- unname(fm["df"])
      std <- lavInspect(fit, "std")
      nf <- length(facs)
      sign <- vapply(seq_len(nf), function(f) if (std$lambda[at[f] + 1, f] < 0) -1 else 1, 0)
      loadings <- unlist(lapply(seq_len(nf), function(f) sign[f] * std$lambda[(at[f] + 1):at[f + 1], f]))
      psi <- diag(sign, nf) %*% unclass(std$psi) %*% diag(sign, nf)
      block <- c(block, list(converged = TRUE, chisq = x2, df = df, p = unname(fm["pvalue"]),
                             cfi = unname(fm["cfi"]), tli = unname(fm["tli"]), rmsea = unname(fm["rmsea"]),
                             rmsea_ci_low = if (df > 0) sqrt(pp_ncp_chisq(x2, df, 0.95) / (n * df)) else 0,
                             rmsea_ci_high = if (df > 0) sqrt(pp_ncp_chisq(x2, df, 0.05) / (n * df)) else 0,
                             srmr = unname(fm["srmr"]), std_loadings = as.list(unname(loadings)),
                             factor_correlations = lapply(seq_len(nf), function(i) as.list(psi[i, ]))))
    }
  }
  list(block = block, omega = omega)
}

# Alpha (psych::alpha raw_alpha) with the Feldt interval (psych::alpha.ci)
# on the complete rows of m.
pp_alpha <- function(m) {
  m <- m[complete.cases(m), , drop = FALSE]
  out <- list(alpha = NA, ci_low = NA, ci_high = NA, n = nrow(m), k = ncol(m))
  if (ncol(m) < 2) out$n <- 0  # a score of one item: no alpha, n 0 as the engine reports it
  if (ncol(m) < 2 || nrow(m) < 2) return(out)
  a <- suppressWarnings(suppressMessages(psych::alpha(as.data.frame(m), check.keys = FALSE, warnings = FALSE)))
  al <- a$total$raw_alpha
  ci <- psych::alpha.ci(al, nrow(m), ncol(m), p.val = 1 - conf_level, digits = 20)
  out$alpha <- al
  out$ci_low <- ci$lower.ci
  out$ci_high <- ci$upper.ci
  out
}

pp_reliability <- function(K, ins) {
  # alpha; beside it Spearman-Brown (k = 2) or omega (k >= 3: a subscale's
  # one-factor model, the total's from the factor model of the subscales)
  one <- function(m, omega) {
    e <- pp_alpha(m)
    mc <- m[complete.cases(m), , drop = FALSE]
    if (ncol(m) == 2) {
      r <- cor(mc[, 1], mc[, 2])
      e$spearman_brown <- 2 * r / (1 + r)
    }
    if (ncol(m) >= 3) e$omega <- omega(mc)
    e
  }
  per <- list()
  for (s in ins$subscales) per[[s$id]] <- one(K[, unlist(s$items), drop = FALSE], pp_omega_one)
  fm <- pp_factor_model(K, ins)
  if (!is.null(ins$total_id)) per[[ins$total_id]] <- one(K[, ins$likert, drop = FALSE], function(mc) fm$omega)
  if (length(per) == 0) per <- setNames(list(), character(0))
  list(reliability = per, factor_model = fm$block)
}

# ------------------------------------------------------------ one instrument
pp_instrument <- function(ins) {
  items_of <- ins$items
  likert <- Filter(function(i) identical(i$type, "likert"), items_of)
  numbers <- Filter(function(i) identical(i$type, "number"), items_of)
  col_of <- setNames(vapply(items_of, function(i) i$column, ""), vapply(items_of, function(i) i$id, ""))
  I <- list(likert = vapply(likert, function(i) i$id, ""), subscales = ins$subscales,
            subscale_ids = vapply(ins$subscales, function(s) s$id, ""),
            total_id = if (is.null(ins$total)) NULL else ins$total$id)
  number_ids <- vapply(numbers, function(i) i$id, "")
  S <- list(subscales = I$subscale_ids, total = I$total_id, numbers = number_ids)
  score_ids <- c(S$subscales, S$total, S$numbers)

  # the waves of the analysis: the instrument's and its items', in the study's order, with records
  recs <- items[items$instrument == ins$id, , drop = FALSE]
  asked <- unique(c(unlist(ins$waves), unlist(lapply(items_of, function(i) i$waves))))
  waves <- Filter(function(w) w %in% asked && any(recs$wave == w), unlist(plan$waves))
  recs <- recs[recs$wave %in% waves, , drop = FALSE]
  if (length(waves) < 2) return(list(instrument = list(id = ins$id, version = ins$version)))

  # keyed answers and scores of every record
  lo <- ins$scale$min; hi <- ins$scale$max
  K <- sapply(I$likert, function(id) as.numeric(recs[[col_of[[id]]]]))
  K <- matrix(K, nrow = nrow(recs), dimnames = list(NULL, I$likert))
  for (i in likert) if (isTRUE(i$reverse)) K[, i$id] <- lo + hi - K[, i$id]
  mean_answered <- function(m, need) {
    cnt <- rowSums(!is.na(m))
    s <- rowSums(m, na.rm = TRUE)
    v <- s / cnt
    exact <- all(m == round(m), na.rm = TRUE)
    if (!exact) {
      # one correction pass, as the engine's scoring of non-integer answers
      r <- rowSums(m - v, na.rm = TRUE)
      v <- v + r / cnt
    }
    ifelse(cnt >= need & cnt > 0, v, NA_real_)
  }
  SC <- matrix(NA_real_, nrow(recs), length(score_ids), dimnames = list(NULL, score_ids))
  for (s in ins$subscales) SC[, s$id] <- mean_answered(K[, unlist(s$items), drop = FALSE], s$min_answered)
  if (!is.null(I$total_id)) SC[, I$total_id] <- mean_answered(K, ins$total$min_answered)
  for (i in numbers) SC[, i$id] <- as.numeric(recs[[i$column]])

  # pairs: the first wave's records joined to each later wave's by code
  first <- waves[1]
  later <- waves[-1]
  pre <- which(recs$wave == first)
  linkable <- function(rows) rows[!(recs$code[rows] %in% recs$code[rows][duplicated(recs$code[rows])])]
  pairs_to <- function(w) {
    a <- linkable(pre); b <- linkable(which(recs$wave == w))
    m <- match(recs$code[a], recs$code[b])
    p <- data.frame(pre = a[!is.na(m)], post = b[m[!is.na(m)]])
    pick <- function(field) ifelse(!is.na(recs[[field]][p$pre]) & recs[[field]][p$pre] != "", recs[[field]][p$pre],
                                   recs[[field]][p$post])
    p$group <- pick("group")
    p$programme <- pick("programme")
    p
  }
  pairs <- lapply(later, pairs_to)
  names(pairs) <- later
  P <- pairs[[1]]
  X <- SC[P$pre, , drop = FALSE]; Y <- SC[P$post, , drop = FALSE]

  res <- list(instrument = list(id = ins$id, version = ins$version), study = plan$study, engine = plan$engine,
              conf_level = conf_level, group_filter = NA)
  if (equal_var) res$equal_var <- TRUE  # echoed only when set (docs/analysis.md)
  missing <- function(w) {
    v <- lapply(score_ids, function(s) sum(is.na(SC[recs$wave == w, s])))
    if (length(v) == 0) setNames(list(), character(0)) else setNames(v, score_ids)
  }
  res$counts <- list(pre = length(pre), post = sum(recs$wave == later[1]), pairs = nrow(P),
                     missing_scores = list(pre = missing(first), post = missing(later[1])))
  if (length(later) > 1) {
    res$counts$waves <- setNames(lapply(later[-1], function(w) list(records = sum(recs$wave == w),
                                                                      pairs = nrow(pairs[[w]]))), later[-1])
  }

  top <- pp_tests_block(S, X, Y, TRUE)
  res$subscales <- top$subscales
  if (!is.null(top$total)) res$total <- top$total
  if (!is.null(top$numbers)) res$numbers <- top$numbers

  # reliability and the factor model, per wave (the first two)
  rel <- lapply(waves[1:2], function(w) pp_reliability(K[recs$wave == w, , drop = FALSE], I))
  res$reliability <- list(pre = rel[[1]]$reliability, post = rel[[2]]$reliability)
  res$factor_model <- list(pre = rel[[1]]$factor_model, post = rel[[2]]$factor_model)

  # programmes: the tests within each, in the study's order
  progs <- Filter(function(p) any(!is.na(P$programme) & P$programme == p),
                  unique(c(unlist(plan$programmes), P$programme[!is.na(P$programme)])))
  res$programmes <- lapply(progs, function(p) {
    k <- !is.na(P$programme) & P$programme == p
    c(list(id = p, n_pairs = sum(k)), pp_tests_block(S, X[k, , drop = FALSE], Y[k, , drop = FALSE], FALSE))
  })

  wave_pairs <- function(g = NULL) {
    lapply(later, function(w) {
      p <- pairs[[w]]
      if (!is.null(g)) p <- p[!is.na(p$group) & p$group == g, , drop = FALSE]
      c(list(from = first, to = w, n_pairs = nrow(p)),
        pp_tests_block(S, SC[p$pre, , drop = FALSE], SC[p$post, , drop = FALSE], TRUE))
    })
  }
  if (length(later) > 1) res$wave_pairs <- wave_pairs()

  # groups
  levels <- Filter(function(g) any(!is.na(P$group) & P$group == g),
                   unique(c(unlist(plan$groups), P$group[!is.na(P$group)])))
  if (length(levels) > 0) {
    G <- list(levels = as.list(levels))
    G$by_group <- lapply(levels, function(g) {
      k <- !is.na(P$group) & P$group == g
      e <- c(list(id = g, n_pairs = sum(k)), pp_tests_block(S, X[k, , drop = FALSE], Y[k, , drop = FALSE], TRUE))
      if (length(later) > 1) e$wave_pairs <- wave_pairs(g)
      e
    })
    reference <- if (is.null(plan$reference)) NA else plan$reference
    focals <- Filter(function(g) g %in% levels, unlist(plan$focal))
    if (!is.na(reference) && reference %in% levels && length(focals) > 0) {
      blocks <- lapply(focals, function(f) pp_group_blocks(S, SC, recs, pairs, waves, f, reference))
      G <- c(G, blocks[[1]][c("comparison", "baseline", "post", "ancova", "mixed")])
      if (length(focals) > 1) G$by_focal <- blocks
      G$attrition <- lapply(levels, function(g) {
        po <- setdiff(pre, P$pre)
        po <- po[!is.na(recs$group[po]) & recs$group[po] == g]
        comp <- P$pre[!is.na(P$group) & P$group == g]
        names <- c("n_pre_only", "n_completers", "pre_only", "completers")
        c(list(group = g, n_pre_only = length(po), n_completers = length(comp)),
          pp_block(S, function(s) { e <- pp_two_group(s, SC[po, s], SC[comp, s], names); e$p_holm <- NULL; e },
                   set = function(e, v) e, drop = function(e) e))
      })
    }
    res$groups <- G
  }
  res
}

# comparison, baseline, post (with post.followup), ancova (with
# ancova.followup) and mixed of one focal group against the reference.
pp_group_blocks <- function(S, SC, recs, pairs, waves, focal, reference) {
  later <- waves[-1]
  # the first-wave and wave-w scores of score s over the pairs of the two groups with both scores
  two_waves <- function(s, w) {
    p <- pairs[[w]]
    out <- list(pre = c(), later = c(), g = c())
    for (g in c(focal, reference)) {
      q <- p[!is.na(p$group) & p$group == g, , drop = FALSE]
      a <- SC[q$pre, s]; b <- SC[q$post, s]
      ok <- !is.na(a) & !is.na(b)
      out$pre <- c(out$pre, a[ok]); out$later <- c(out$later, b[ok]); out$g <- c(out$g, rep(g, sum(ok)))
    }
    out$g <- factor(out$g, levels = c(reference, focal))
    out
  }
  compare <- function(what, w = later[1]) {
    names <- c("n_focal", "n_reference", paste0(what, "_focal"), paste0(what, "_reference"))
    c(list(focal = focal, reference = reference), pp_block(S, function(s) {
      v <- two_waves(s, w)
      val <- switch(what, gain = v$later - v$pre, pre = v$pre, post = v$later)
      pp_two_group(s, val[v$g == focal], val[v$g == reference], names)
    }))
  }
  ancova <- function(w) pp_block(S, function(s) {
    v <- two_waves(s, w)
    pp_guard(s, pp_ancova(s, v$pre, v$later, v$g, focal, reference))
  })
  # mixed: the students with a score at every wave
  mixed <- pp_block(S, function(s) {
    base <- pairs[[1]]
    base <- base[!is.na(base$group) & base$group %in% c(focal, reference), , drop = FALSE]
    Ymat <- cbind(SC[base$pre, s], SC[base$post, s])
    for (w in later[-1]) {
      m <- match(base$pre, pairs[[w]]$pre)
      Ymat <- cbind(Ymat, ifelse(is.na(m), NA, SC[pairs[[w]]$post[m], s]))
    }
    ok <- complete.cases(Ymat)
    pp_guard(s, pp_mixed(s, Ymat[ok, , drop = FALSE], factor(base$group[ok], levels = c(reference, focal))))
  }, get = function(e) e$interaction$p_gg, set = function(e, v) {
    if (!is.null(e$interaction)) e$interaction$p_holm <- v
    e
  },
  drop = function(e) e)
  if (length(later) > 1) mixed <- c(list(waves = as.list(waves)), mixed)
  out <- list(comparison = compare("gain"), baseline = compare("pre"), post = compare("post"),
              ancova = ancova(later[1]), mixed = mixed)
  if (length(later) > 1) {
    out$post$followup <- setNames(lapply(later[-1], function(w) compare("post", w)), later[-1])
    out$ancova$followup <- setNames(lapply(later[-1], ancova), later[-1])
  }
  c(list(focal = focal, reference = reference), out)
}

# An instrument whose analysis fails here keeps its place in the list (the
# entries are compared by position) with nothing recomputed, and says why.
result$prepost <- lapply(Filter(function(i) isTRUE(i$prepost), plan$instruments), function(ins) {
  r <- tryCatch(pp_instrument(ins), error = function(e) {
    message("analysis.R: pre-post of ", ins$id, " not recomputed: ", conditionMessage(e))
    list(instrument = list(id = ins$id, version = ins$version))
  })
  list(instrument = list(id = ins$id, version = ins$version), result = r)
})
