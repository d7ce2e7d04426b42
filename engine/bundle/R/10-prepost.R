
# ------------------------------------------------------------ pre-post
# result$prepost: one entry per instrument measured at two waves or more.
