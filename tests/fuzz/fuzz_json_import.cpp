// The response/rating JSON importer. Same entry point as the CSV target (the
// importer picks the format from the content); the seeds and the dictionary
// are JSON files, so the mutations explore the JSON reader.
#include "target.hpp"

ASSESS_FUZZ_TARGET(assess::fuzz::check_import)
