// api::call with arbitrary bytes: any request, however malformed, gets a
// well-formed envelope and leaves the engine usable.
#include "target.hpp"

ASSESS_FUZZ_TARGET(assess::fuzz::check_api_call)
