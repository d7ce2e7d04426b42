// Declarations of the operation handlers; registry.cpp maps names to them.
// Each family's handlers live in src/api/ops_<family>.cpp.
#pragma once

#include "api/op_support.hpp"

namespace assess::api::detail {

json op_describe(Args& a);
json op_validate_instrument(Args& a);
json op_score(Args& a);
json op_distribution(Args& a);

}  // namespace assess::api::detail
