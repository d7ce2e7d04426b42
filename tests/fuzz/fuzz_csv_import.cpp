// The CSV importer (responses and ratings, with and without the study).
#include "target.hpp"

ASSESS_FUZZ_TARGET(assess::fuzz::check_import)
