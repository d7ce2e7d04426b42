# Reads an SPSS file with R haven and writes what it read as JSON, for
# tests/sav/readback.py: per variable its name, label, value labels,
# declared missing values and the cells, read twice: as haven reads by
# default (user-missing values become NA) and with user_na = TRUE (the
# codes). Numbers are written as "%.17g" text so that they read back exactly.
#   Rscript tests/sav/read_haven.R dataset.sav out.json
suppressPackageStartupMessages({
  library(haven)
  library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
d <- read_sav(args[1])
u <- read_sav(args[1], user_na = TRUE)
num <- function(x) {
  x <- as.numeric(unclass(x))  # unclass: is.na of a labelled_spss is TRUE at its missing codes
  ifelse(is.na(x), NA, sprintf("%.17g", x))
}
out <- lapply(names(d), function(n) {
  x <- d[[n]]
  y <- u[[n]]
  labels <- attr(y, "labels")
  list(
    name = n,
    label = if (is.null(attr(x, "label"))) "" else attr(x, "label"),
    type = if (is.character(x)) "string" else "numeric",
    labels = if (is.null(labels)) list() else
      lapply(seq_along(labels), function(k) list(value = num(labels[[k]]), label = names(labels)[k])),
    na_values = if (is.null(attr(y, "na_values"))) list() else as.list(num(attr(y, "na_values"))),
    values = if (is.character(x)) as.list(x) else as.list(num(x)),
    codes = if (is.character(y)) as.list(y) else as.list(num(y))
  )
})
writeLines(toJSON(out, auto_unbox = TRUE, null = "null", na = "null"), args[2], useBytes = TRUE)
