// The instrument loader: instrument, rubric and study documents.
#include "target.hpp"

ASSESS_FUZZ_TARGET(assess::fuzz::check_instrument)
