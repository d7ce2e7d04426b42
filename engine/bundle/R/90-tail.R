
writeLines(jsonlite::toJSON(result, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           file.path(bundle_dir, "recomputed.json"), useBytes = TRUE)
cat("analysis.R: wrote recomputed.json\n")
