
# ------------------------------------------------------------ the study
# result$flow, sample, background, post_surveys, employers, outcomes,
# correlations and, with ratings, panel: the parts of analyze_study that are
# not a pre-post analysis, from dataset.csv (one row per student), items.csv
# (every record's answers as given) and ratings.csv. Groups compare the focal
# minus the reference group of the study's roles.
#   describe      n, mean, sd, median, quartiles (quantile type 7) of the values present
#   comparison    t.test (Welch, or Student's with equal_var), Cohen's d with the
#                 pooled SD and its noncentral-t interval, Hedges' g (exact J)
#   tables        chisq.test (with and without Yates), Cramer's V, expected
#                 counts below 5, linear-by-linear (N - 1) / N * Pearson's,
#                 Fisher's p, conditional odds ratio and its exact interval
#   proportions   Wilson's interval (prop.test without correction)
#   alpha         Cronbach's alpha on the complete keyed records, Feldt's interval
#   correlations  cor.test per pair (pairwise complete), Holm over the pairs
#   employers     every employer's record of items.csv (ratings taken as
#                 independent); a rating's group is that of the student it
#                 names (a record naming none has no code); the yes/no
#                 question is the first choice item with options yes, no
#   panel         Kendall's W (tie correction), psych::ICC (ICC2, ICC2k),
#                 Krippendorff's alpha (interval, ordinal), with two experts
#                 Cohen's kappa with linear weights (psych::cohen.kappa)
# Not recomputed (the bundle's files do not hold what they need):
#   flow$excluded, panel$counts$files / files_rejected / records_excluded /
#   records_rejected / errors / warnings: the import's problems and files are
#   not in the bundle;
#   the warnings and the text of the report.

st_read <- function(name) {
  utils::read.csv(file.path(bundle_dir, name), colClasses = "character", na.strings = "", check.names = FALSE,
                  encoding = "UTF-8", fileEncoding = "UTF-8")
}
st_D <- st_read(plan$files$dataset)
st_I <- st_read(plan$files$items)
st_num <- function(x) suppressWarnings(as.numeric(x))
st_null <- function(names) setNames(rep(list(NULL), length(names)), names)
st_arr <- function(x) as.list(x)  # a JSON array whatever its length

st_vars <- plan$variables
st_var_names <- vapply(st_vars, function(v) v$name, "")
st_ins <- setNames(plan$instruments, vapply(plan$instruments, function(i) i$id, ""))
st_study_waves <- unlist(plan$waves)
st_is_students <- function(id) !is.null(st_ins[[id]]) && identical(st_ins[[id]]$respondents, "students")

# Groups: the study's groups that have a student, study order.
st_grp <- st_D$group
st_groups <- Filter(function(g) any(!is.na(st_grp) & st_grp == g), unlist(plan$groups))
st_in_group <- function(g) !is.na(st_grp) & st_grp == g
st_focal <- if (length(plan$focal) > 0) plan$focal[[1]] else NA_character_
st_reference <- if (is.null(plan$reference)) NA_character_ else plan$reference
st_comparable <- !is.na(st_focal) && !is.na(st_reference) && st_focal %in% st_groups &&
  st_reference %in% st_groups && st_focal != st_reference
st_cl <- conf_level

# ------------------------------------------------------------- statistics
st_describe <- function(x) {
  x <- x[!is.na(x)]
  if (length(x) == 0) return(c(list(n = 0L), st_null(c("mean", "sd", "median", "q1", "q3"))))
  q <- unname(stats::quantile(x, c(0.25, 0.5, 0.75), type = 7))
  list(n = length(x), mean = mean(x), sd = if (length(x) > 1) stats::sd(x) else NA_real_,
       median = q[2], q1 = q[1], q3 = q[3])
}
st_mean_sd <- function(x) {
  x <- x[!is.na(x)]
  list(mean = if (length(x) > 0) mean(x) else NA_real_, sd = if (length(x) > 1) stats::sd(x) else NA_real_)
}

st_hedges_j <- function(df) exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))

# Focal against reference, as the op independent_t (focal as x).
st_compare <- function(f, r) {
  f <- f[!is.na(f)]; r <- r[!is.na(r)]
  nx <- length(f); ny <- length(r)
  out <- list(n_focal = nx, n_reference = ny, focal = st_mean_sd(f), reference = st_mean_sd(r))
  fields <- c("mean_diff", "t", "df", "p", "ci_low", "ci_high", "d", "d_ci_low", "d_ci_high", "g")
  if (nx < 2 || ny < 2) return(c(out, st_null(fields)))
  tt <- stats::t.test(f, r, var.equal = equal_var, conf.level = st_cl)
  dfp <- nx + ny - 2
  sp <- sqrt((sum((f - mean(f))^2) + sum((r - mean(r))^2)) / dfp)
  d <- (mean(f) - mean(r)) / sp
  scale <- sqrt(1 / nx + 1 / ny)
  ncp <- if (is.finite(d)) ncp_interval(d / scale, dfp, st_cl) else c(NA_real_, NA_real_)
  c(out, list(mean_diff = mean(f) - mean(r), t = unname(tt$statistic), df = unname(tt$parameter),
              p = tt$p.value, ci_low = tt$conf.int[1], ci_high = tt$conf.int[2],
              d = d, d_ci_low = ncp[1] * scale, d_ci_high = ncp[2] * scale, g = d * st_hedges_j(dfp)))
}

st_wilson <- function(x, n) {
  if (n == 0) return(c(list(x = x, n = n), st_null(c("estimate", "ci_low", "ci_high"))))
  ci <- suppressWarnings(stats::prop.test(x, n, correct = FALSE, conf.level = st_cl))$conf.int
  list(x = x, n = n, estimate = x / n, ci_low = ci[1], ci_high = ci[2])
}

# Fisher's exact test of a 2 x 2 table: fisher.test's p; the conditional MLE
# of the odds ratio and its exact limits solved on log(ncp) to ~1e-14
# (fisher.test's own roots are looser, ~1e-4).
st_fisher <- function(t) {
  x <- t[1, 1]; m <- sum(t[, 1]); n <- sum(t[, 2]); k <- sum(t[1, ])
  lo <- max(0, k - n); hi <- min(k, m)
  support <- lo:hi
  logdc <- stats::dhyper(support, m, n, k, log = TRUE)
  dn <- function(lt) { d <- logdc + lt * support; d <- exp(d - max(d)); d / sum(d) }
  mn <- function(lt) sum(support * dn(lt))
  pn <- function(lt, upper) { d <- dn(lt); sum(d[if (upper) support >= x else support <= x]) }
  root <- function(f) stats::uniroot(f, c(-5, 5), extendInt = "yes", tol = 1e-14, maxiter = 10000)$root
  a <- (1 - st_cl) / 2
  or <- if (x == lo) 0 else if (x == hi) Inf else exp(root(function(lt) mn(lt) - x))
  ci_low <- if (x == lo) 0 else exp(root(function(lt) pn(lt, TRUE) - a))
  ci_high <- if (x == hi) Inf else exp(root(function(lt) pn(lt, FALSE) - a))
  list(p = stats::fisher.test(t)$p.value, odds_ratio = or, ci_low = ci_low, ci_high = ci_high)
}

st_chi <- function(ct) list(chi2 = unname(ct$statistic), df = unname(ct$parameter), p = ct$p.value)
# The tests of a table of counts (rows: groups, focal first), or NULL when
# fewer than two rows or columns have counts.
st_table_tests <- function(t) {
  t <- t[rowSums(t) > 0, , drop = FALSE]
  t <- t[, colSums(t) > 0, drop = FALSE]
  if (nrow(t) < 2 || ncol(t) < 2) return(NULL)
  p <- suppressWarnings(stats::chisq.test(t, correct = FALSE))
  N <- sum(t)
  out <- list(pearson = st_chi(p), cramers_v = sqrt(unname(p$statistic) / (N * (min(dim(t)) - 1))),
              small_expected = list(n = sum(p$expected < 5), of = length(p$expected)),
              kind = if (all(dim(t) == 2)) "2x2" else "rxc")
  if (out$kind == "2x2") {
    out$yates <- st_chi(suppressWarnings(stats::chisq.test(t, correct = TRUE)))
    lbl <- (N - 1) / N * unname(p$statistic)
    out$linear_by_linear <- list(chi2 = lbl, df = 1, p = stats::pchisq(lbl, 1, lower.tail = FALSE))
    out$fisher <- st_fisher(t)
  }
  out
}

# Cronbach's alpha of a records x items matrix (complete records), Feldt's interval.
st_alpha <- function(m) {
  m <- m[stats::complete.cases(m), , drop = FALSE]
  k <- ncol(m); n <- nrow(m)
  if (n < 2 || k < 2) return(c(list(n = 0L, k = k), st_null(c("alpha", "ci_low", "ci_high"))))
  v <- apply(m, 2, stats::var)
  vt <- stats::var(rowSums(m))
  # a total variance within rounding of zero: alpha undefined (as the engine)
  if (!(abs(vt) > 8 * .Machine$double.eps * k * sum(v))) {
    return(c(list(n = n, k = k), st_null(c("alpha", "ci_low", "ci_high"))))
  }
  a <- k / (k - 1) * (1 - sum(v) / vt)
  df1 <- n - 1; df2 <- (n - 1) * (k - 1)
  list(n = n, k = k, alpha = a,
       ci_low = 1 - (1 - a) * stats::qf(1 - (1 - st_cl) / 2, df1, df2),
       ci_high = 1 - (1 - a) * stats::qf((1 - st_cl) / 2, df1, df2))
}

st_holm <- function(entries) {
  p <- vapply(entries, function(e) if (is.null(e$comparison$p)) NA_real_ else e$comparison$p, 0)
  if (length(p) == 0) return(entries)
  adj <- stats::p.adjust(p, method = "holm")
  for (k in seq_along(entries)) if (!is.null(entries[[k]]$comparison)) entries[[k]]$comparison$p_holm <- adj[k]
  entries
}

# ------------------------------------------------------------------ parts
st_main_waves <- local({
  w <- NULL
  first <- NULL
  for (ins in plan$instruments) {
    if (!identical(ins$respondents, "students")) next
    iw <- unlist(ins$waves)
    if (is.null(first)) first <- iw
    if (all(c("pre", "post") %in% iw)) { w <- iw; break }
  }
  if (is.null(w)) w <- first
  if (length(w) == 0) w <- st_study_waves
  w
})

st_flow <- function() {
  lw <- ifelse(is.na(st_D$linked_waves), "", st_D$linked_waves)
  lw <- strsplit(lw, "|", fixed = TRUE)
  entry <- function(keep) {
    s <- lw[keep]
    list(students = sum(keep),
         waves = setNames(lapply(st_main_waves, function(w) sum(vapply(s, function(x) w %in% x, TRUE))),
                          st_main_waves),
         complete = sum(vapply(s, function(x) all(st_main_waves %in% x), TRUE)),
         first_wave_only = sum(vapply(s, function(x) length(x) == 1 && x[1] == st_main_waves[1], TRUE)))
  }
  list(by_group = lapply(st_groups, function(g) c(list(group = g), entry(st_in_group(g)))),
       all = entry(rep(TRUE, nrow(st_D))))
}

st_sample <- function() {
  by_programme <- list()
  for (g in st_groups) {
    p <- st_D$programme[st_in_group(g)]
    for (id in unlist(plan$programmes)) {
      if (any(!is.na(p) & p == id)) {
        by_programme[[length(by_programme) + 1]] <- list(group = g, programme = id, n = sum(!is.na(p) & p == id))
      }
    }
    if (any(is.na(p))) by_programme[[length(by_programme) + 1]] <- list(group = g, programme = NULL, n = sum(is.na(p)))
  }
  list(by_group = lapply(st_groups, function(g) list(group = g, n = sum(st_in_group(g)))),
       by_programme = by_programme)
}

st_yes_no <- function(v) {
  ids <- vapply(if (is.null(v$values)) list() else v$values, function(o) o$value, "")
  identical(ids, c("yes", "no"))
}

st_background_outcomes <- function() {
  background <- list(); outcomes <- list()
  for (v in st_vars) {
    if (is.null(v$item) || is.null(v$instrument) || !st_is_students(v$instrument)) next
    e <- list(variable = v$name, instrument = v$instrument, item = v$item, wave = v$wave)
    if (is.null(v$wave)) e["wave"] <- list(NULL)
    if (v$type %in% c("number", "integer")) {
      x <- st_num(st_D[[v$name]])
      e$type <- "number"
      e$by_group <- lapply(st_groups, function(g) c(st_describe(x[st_in_group(g)]), list(group = g)))
      e["comparison"] <- list(if (st_comparable) st_compare(x[st_in_group(st_focal)], x[st_in_group(st_reference)]))
      background[[length(background) + 1]] <- e
      next
    }
    if (v$type != "choice") next
    x <- st_D[[v$name]]
    opts <- vapply(v$values, function(o) o$value, "")
    counts <- matrix(0, length(st_groups), length(opts), dimnames = list(st_groups, opts))
    for (g in st_groups) for (o in opts) counts[g, o] <- sum(st_in_group(g) & !is.na(x) & x == o)
    tab <- if (st_comparable) counts[c(st_focal, st_reference), , drop = FALSE] else counts
    if (st_yes_no(v)) {
      e$by_group <- lapply(st_groups, function(g) c(st_wilson(counts[g, 1], counts[g, 1] + counts[g, 2]),
                                                   list(group = g)))
      e["tests"] <- list(if (st_comparable) st_table_tests(tab))
      outcomes[[length(outcomes) + 1]] <- e
    } else {
      e$type <- "categorical"
      e$levels <- st_arr(opts)
      e$by_group <- lapply(st_groups, function(g) list(group = g, counts = st_arr(unname(counts[g, ]))))
      e["tests"] <- list(if (length(st_groups) >= 2) st_table_tests(tab))
      background[[length(background) + 1]] <- e
    }
  }
  list(background = background, outcomes = outcomes)
}

# A students' instrument given at one wave that is not the study's first.
st_post_only <- function(ins) {
  identical(ins$respondents, "students") && length(ins$waves) == 1 && length(st_study_waves) > 0 &&
    ins$waves[[1]] != st_study_waves[1]
}
st_likert <- function(ins) Filter(function(it) identical(it$type, "likert"), ins$items)
# The keyed answers (reverse items: min + max - answer) of the records' items.
st_keyed <- function(ins, rows, item_ids) {
  its <- setNames(ins$items, vapply(ins$items, function(it) it$id, ""))
  m <- matrix(NA_real_, nrow(rows), length(item_ids), dimnames = list(NULL, item_ids))
  for (id in item_ids) {
    it <- its[[id]]
    x <- st_num(rows[[it$column]])
    m[, id] <- if (isTRUE(it$reverse)) ins$scale$min + ins$scale$max - x else x
  }
  m
}
st_records <- function(ins, respondent, wave = NULL) {
  keep <- st_I$instrument == ins$id & st_I$respondent == respondent
  if (!is.null(wave)) keep <- keep & st_I$wave == wave
  st_I[!is.na(keep) & keep, , drop = FALSE]
}
st_score_kind <- function(ins, s) {
  if (!is.null(ins$total) && identical(ins$total$id, s)) return(1L)
  if (s %in% vapply(ins$subscales, function(x) x$id, "")) return(0L)
  2L
}

st_survey <- function(ins) {
  w <- ins$waves[[1]]
  recs <- st_records(ins, "student", w)
  top <- ins$scale$max - 1
  items <- lapply(st_likert(ins), function(it) {
    x <- st_num(recs[[it$column]])
    a <- x[!is.na(x)]
    c(st_describe(x), list(id = it$id, reverse = isTRUE(it$reverse), top2 = st_wilson(sum(a >= top), length(a))))
  })
  family <- list(); total <- NULL
  for (v in st_vars) {
    if (!identical(v$instrument, ins$id) || is.null(v$score) || !identical(v$wave, w)) next
    kind <- st_score_kind(ins, v$score)
    if (kind == 2L) next
    x <- st_num(st_D[[v$name]])
    ids <- if (kind == 0L) {
      unlist(Filter(function(s) s$id == v$score, ins$subscales)[[1]]$items)
    } else {
      vapply(st_likert(ins), function(it) it$id, "")
    }
    e <- list(id = v$score, variable = v$name, all = st_describe(x),
              by_group = lapply(st_groups, function(g) c(st_describe(x[st_in_group(g)]), list(group = g))),
              alpha = st_alpha(st_keyed(ins, recs, ids)))
    e["comparison"] <- list(if (st_comparable) st_compare(x[st_in_group(st_focal)], x[st_in_group(st_reference)]))
    if (kind == 1L) total <- e else family[[length(family) + 1]] <- e
  }
  if (st_comparable) family <- st_holm(family)
  out <- list(instrument = list(id = ins$id, version = ins$version), wave = w, records = nrow(recs),
              items = items, subscales = family)
  out["total"] <- list(total)
  out
}

# An instrument's scores of each record: subscales (min_answered of their
# items) and the total (all Likert items), the mean of the keyed answers.
st_scores <- function(ins, recs) {
  lik <- vapply(st_likert(ins), function(it) it$id, "")
  out <- list()
  mean_of <- function(ids, min_answered) {
    m <- st_keyed(ins, recs, ids)
    n <- rowSums(!is.na(m))
    s <- vapply(seq_len(nrow(m)), function(i) { r <- m[i, ]; if (all(is.na(r))) NA_real_ else mean(r[!is.na(r)]) }, 0)
    ifelse(n >= max(1, min_answered), s, NA_real_)
  }
  for (s in ins$subscales) out[[s$id]] <- mean_of(unlist(s$items), s$min_answered)
  if (!is.null(ins$total)) out[[ins$total$id]] <- mean_of(lik, ins$total$min_answered)
  out
}

# The employers' yes/no question, found as the report finds it: the first
# choice item of the instrument whose options are "yes" then "no" (whether or
# not the plan marks "yes" positive); an answer counts as yes when it is the
# first option's id. NULL: none.
st_yes_item <- function(ins) {
  for (it in ins$items) {
    if (!identical(it$type, "choice")) next
    ids <- vapply(if (is.null(it$options)) list() else it$options, function(o) o$id, "")
    if (identical(ids, c("yes", "no"))) return(it)
  }
  NULL
}

# The employers' records of items.csv: every record of the instrument. One
# that names a student of the data set has that student's code, programme
# and group; one naming none has no code (its programme and group are its
# own): it counts in all and by_programme, not in by_group
# (ratings_without_group, as one naming a student of no group of the study).
st_employers <- function(ins) {
  recs <- st_records(ins, "employer")
  scores <- st_scores(ins, recs)
  named <- !is.na(recs$code) & nzchar(recs$code)
  g <- ifelse(named, recs$group, NA_character_)
  g[!is.na(g) & !(g %in% st_groups)] <- NA_character_
  prog <- recs$programme
  yes_it <- st_yes_item(ins)
  yes <- if (!is.null(yes_it)) {
    a <- recs[[yes_it$column]]
    ifelse(is.na(a), NA_real_, as.numeric(a == yes_it$options[[1]]$id))
  }
  summary <- function(keep) {
    e <- list(ratings = sum(keep), scores = lapply(scores, function(x) st_describe(x[keep])))
    if (!is.null(yes_it)) {
      y <- yes[keep & !is.na(yes)]
      e$yes <- st_wilson(sum(y), length(y))
    }
    e
  }
  of <- function(grp) !is.na(g) & g == grp
  by_programme <- list()
  for (p in unlist(plan$programmes)) {
    keep <- !is.na(prog) & prog == p
    if (any(keep)) by_programme[[length(by_programme) + 1]] <- c(summary(keep), list(programme = p))
  }
  if (any(is.na(prog))) by_programme[[length(by_programme) + 1]] <- c(summary(is.na(prog)), list(programme = NULL))
  out <- list(instrument = list(id = ins$id, version = ins$version), ratings = nrow(recs))
  out["yes_item"] <- list(if (!is.null(yes_it)) yes_it$id)
  out$all <- summary(rep(TRUE, nrow(recs)))
  out$by_programme <- by_programme
  out$by_group <- lapply(st_groups, function(grp) c(summary(of(grp)), list(group = grp)))
  out$ratings_without_group <- sum(is.na(g))
  out["comparisons"] <- list(if (st_comparable) {
    unname(lapply(names(scores), function(s) list(id = s, comparison = st_compare(scores[[s]][of(st_focal)],
                                                                               scores[[s]][of(st_reference)]))))
  })
  # yes_tests: focal then reference row, yes then no (absent without groups
  # to compare or a yes/no question)
  if (st_comparable && !is.null(yes_it)) {
    cnt <- function(grp, v) sum(of(grp) & !is.na(yes) & yes == v)
    tab <- rbind(c(cnt(st_focal, 1), cnt(st_focal, 0)), c(cnt(st_reference, 1), cnt(st_reference, 0)))
    out["yes_tests"] <- list(st_table_tests(tab))
  }
  out
}

# The columns correlated: gains of totals and scored numbers, totals of
# post-only surveys, numeric items of the students' instruments, the
# employers' mean rating of the total; in the data set's order.
st_correlation_columns <- function() {
  keep <- character(0)
  for (v in st_vars) {
    if (is.null(v$instrument) || is.null(st_ins[[v$instrument]])) next
    ins <- st_ins[[v$instrument]]
    if (!is.null(v$score)) {
      kind <- st_score_kind(ins, v$score)
      gain <- is.null(v$wave) && grepl("_gain$", v$name) && kind != 0L
      survey <- !is.null(v$wave) && kind == 1L && st_post_only(ins)
      rated <- !is.null(v$wave) && kind == 1L && identical(ins$respondents, "employers")
      if (gain || survey || rated) keep <- c(keep, v$name)
    } else if (!is.null(v$item) && v$type %in% c("number", "integer") && identical(ins$respondents, "students")) {
      keep <- c(keep, v$name)
    }
  }
  keep
}

st_correlations <- function() {
  vars <- st_correlation_columns()
  out <- list(variables = st_arr(vars))
  if (length(vars) < 2) {
    out["pearson"] <- list(NULL)
    out["spearman"] <- list(NULL)
    return(out)
  }
  pairs_of <- function(method) {
    ps <- list()
    for (i in seq_along(vars)) for (j in seq_along(vars)) if (i < j) {
      x <- st_num(st_D[[vars[i]]]); y <- st_num(st_D[[vars[j]]])
      ok <- !is.na(x) & !is.na(y)
      ct <- tryCatch(suppressWarnings(stats::cor.test(x[ok], y[ok], method = method, conf.level = st_cl)),
                     error = function(e) NULL)
      e <- list(x = vars[i], y = vars[j], n = sum(ok),
                r = if (is.null(ct)) NA_real_ else unname(ct$estimate),
                p = if (is.null(ct)) NA_real_ else ct$p.value)
      if (method == "pearson") {
        e$ci_low <- if (is.null(ct$conf.int)) NA_real_ else ct$conf.int[1]
        e$ci_high <- if (is.null(ct$conf.int)) NA_real_ else ct$conf.int[2]
      }
      ps[[length(ps) + 1]] <- e
    }
    holm <- stats::p.adjust(vapply(ps, function(e) e$p, 0), method = "holm")
    for (k in seq_along(ps)) ps[[k]]$p_holm <- holm[k]
    list(pairs = ps)
  }
  out$pearson <- pairs_of("pearson")
  out$spearman <- pairs_of("spearman")
  out
}

result$flow <- st_flow()
result$sample <- st_sample()
st_bo <- st_background_outcomes()
result$background <- st_bo$background
result$post_surveys <- unname(lapply(Filter(st_post_only, plan$instruments), st_survey))
result$employers <- unname(lapply(Filter(function(i) identical(i$respondents, "employers"), plan$instruments),
                                  st_employers))
result$outcomes <- st_bo$outcomes
result$correlations <- st_correlations()

# ------------------------------------------------------------ the panel
# analyze_panel on ratings.csv (expert, programme, the rubric's criteria,
# comment): per criterion and overall (each expert's mean over the criteria,
# sum / number of criteria, of the cells rated on every criterion) Kendall's
# W over the experts who rated every programme, the programmes' n, mean, sd,
# mean rank (1 = best) and place; the mean of the programmes' means;
# psych::ICC on the programmes every expert rated (ICC2, ICC2k, 95%);
# Krippendorff's alpha (coincidence matrix) over the programmes rated at
# least twice; with two experts Cohen's kappa, linear weights over the
# scale's points (psych::cohen.kappa on the explicit table, 95%).
st_kendall <- function(m) {
  m <- m[stats::complete.cases(m), , drop = FALSE]
  k <- nrow(m); n <- ncol(m)
  if (k < 2 || n < 2) return(list(W = NA_real_, chi2 = NA_real_, df = NA_real_, p = NA_real_, m = k, n = n))
  r <- t(apply(m, 1, rank))
  Tt <- sum(apply(m, 1, function(x) { t <- table(x); sum(t^3 - t) }))
  R <- colSums(r)
  W <- 12 * sum((R - mean(R))^2) / (k^2 * (n^3 - n) - k * Tt)
  chi2 <- k * (n - 1) * W
  list(W = W, chi2 = chi2, df = n - 1, p = stats::pchisq(chi2, n - 1, lower.tail = FALSE), m = k, n = n)
}

st_icc <- function(m) {
  keep <- colSums(is.na(m)) == 0
  x <- t(m[, keep, drop = FALSE])
  if (nrow(x) < 2 || ncol(x) < 2) return(NULL)
  r <- tryCatch(suppressWarnings(suppressMessages(psych::ICC(x, lmer = FALSE, alpha = 0.05)$results)),
                error = function(e) NULL)
  if (is.null(r)) return(NULL)
  form <- function(type) {
    i <- which(r$type == type)
    list(icc = r$ICC[i], F = r$F[i], df1 = r$df1[i], df2 = r$df2[i], p = r$p[i],
         ci_low = r[i, "lower bound"], ci_high = r[i, "upper bound"])
  }
  list(n = nrow(x), k = ncol(x), n_excluded = sum(!keep), ICC2 = form("ICC2"), ICC2k = form("ICC2k"))
}

st_kalpha <- function(m, level) {
  units <- lapply(seq_len(ncol(m)), function(u) m[!is.na(m[, u]), u])
  units <- units[lengths(units) >= 2]
  vals <- sort(unique(unlist(units)))
  q <- length(vals)
  o <- matrix(0, q, q)
  for (v in units) {
    idx <- match(v, vals); mu <- length(v)
    for (i in seq_len(mu)) for (j in seq_len(mu)) if (i != j) o[idx[i], idx[j]] <- o[idx[i], idx[j]] + 1 / (mu - 1)
  }
  nc <- rowSums(o); n <- sum(nc)
  d2 <- matrix(0, q, q)
  for (i in seq_len(q)) for (j in seq_len(q)) {
    d2[i, j] <- if (level == "interval") (vals[i] - vals[j])^2 else if (i == j) 0 else
      (sum(nc[min(i, j):max(i, j)]) - (nc[i] + nc[j]) / 2)^2
  }
  de <- sum(outer(nc, nc) * d2)
  list(alpha = if (q == 0 || de == 0) NA_real_ else 1 - (n - 1) * sum(o * d2) / de, n = sum(lengths(units)))
}

st_kappa <- function(x, y, scale) {
  keep <- !is.na(x) & !is.na(y)
  x <- x[keep]; y <- y[keep]
  cats <- seq(scale$min, scale$max)
  q <- length(cats)
  if (length(x) < 2) return(NULL)
  tab <- table(factor(x, levels = cats), factor(y, levels = cats))
  w <- 1 - abs(outer(seq_len(q), seq_len(q), "-")) / (q - 1)
  ck <- tryCatch(suppressWarnings(psych::cohen.kappa(unclass(tab), w = w, alpha = 0.05)), error = function(e) NULL)
  if (is.null(ck)) return(NULL)
  est <- ck$weighted.kappa
  se <- sqrt(max(0, ck$var.weighted))
  z <- stats::qnorm(0.975)
  list(weights = "linear", n = length(x), kappa = est, se = se,
       ci_low = max(-1, est - z * se), ci_high = min(1, est + z * se))
}

st_panel_block <- function(id, m, objects, kappa) {
  kw <- st_kendall(m)
  complete <- m[stats::complete.cases(m), , drop = FALSE]
  best_first <- if (nrow(complete) > 0) t(apply(complete, 1, function(x) rank(-x))) else NULL
  means <- colMeans(m, na.rm = TRUE)
  place <- if (any(is.na(means))) rep(NA_real_, length(means)) else rank(-means)
  progs <- lapply(seq_along(objects), function(j) {
    x <- m[!is.na(m[, j]), j]
    list(id = objects[j], n = length(x), mean = if (length(x) > 0) mean(x) else NA_real_,
         sd = if (length(x) > 1) stats::sd(x) else NA_real_,
         mean_rank = if (is.null(best_first)) NA_real_ else mean(best_first[, j]), rank = unname(place[j]))
  })
  ai <- st_kalpha(m, "interval")
  ao <- st_kalpha(m, "ordinal")
  out <- c(list(id = id), kw, list(low_agreement = !is.na(kw$W) && kw$W < 0.5,
                                   mean = mean(means[!is.na(means)])))
  out["icc"] <- list(st_icc(m))
  out$alpha <- list(interval = ai$alpha, ordinal = ao$alpha, n_pairable = ai$n)
  out["kappa"] <- list(kappa)
  out$programmes <- progs
  out
}

st_panel <- function() {
  R <- st_read(plan$files$ratings)
  criteria <- unlist(plan$rubric$criteria)
  scale <- plan$rubric$scale
  experts <- unique(R$expert)
  objects <- unlist(plan$programmes)
  objects <- objects[objects %in% R$programme]
  mat <- function(c) {
    m <- matrix(NA_real_, length(experts), length(objects))
    m[cbind(match(R$expert, experts), match(R$programme, objects))] <- st_num(R[[c]])
    m
  }
  two <- length(experts) == 2
  mats <- lapply(criteria, mat)
  crit <- lapply(seq_along(criteria), function(k) {
    m <- mats[[k]]
    st_panel_block(criteria[k], m, objects, if (two) st_kappa(m[1, ], m[2, ], scale))
  })
  overall <- Reduce(`+`, mats) / length(criteria)
  overall_kappa <- if (two) {
    st_kappa(unlist(lapply(mats, function(m) m[1, ])), unlist(lapply(mats, function(m) m[2, ])), scale)
  }
  comments <- list()
  if (!is.null(R$comment)) for (o in objects) for (e in experts) {
    t <- R$comment[R$expert == e & R$programme == o]
    if (length(t) == 1 && !is.na(t) && nzchar(t)) comments[[length(comments) + 1]] <- list(programme = o, expert = e,
                                                                                          text = t)
  }
  out <- list(rubric = list(id = plan$rubric$id, version = plan$rubric$version), study = plan$study,
              engine = plan$engine,
              counts = list(experts = length(experts), objects = length(objects), criteria = length(criteria),
                            missing_ratings = sum(vapply(mats, function(m) sum(is.na(m)), 0))),
              criteria = crit,
              overall = st_panel_block("overall", overall, objects, overall_kappa))
  # a bundle made with --no-text has no comment column (and its report no comments)
  if (!is.null(R$comment)) out$comments <- comments
  out
}

if (!is.null(plan$rubric) && !is.null(plan$files$ratings)) result$panel <- st_panel()
