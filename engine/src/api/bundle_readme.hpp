// README.md of the reproducibility bundle (api/ops_bundle.cpp).
#pragma once

#include <string>
#include <vector>

#include "assess/instrument/model.hpp"

namespace assess::api::detail {

// The README in `lang` (kk, ru, en) of a bundle of the files `names` (in
// their order); text: open answers are in it (false: made with --no-text).
std::string bundle_readme(const instrument::Study& study, const std::string& lang,
                          const std::vector<std::string>& names, bool text);

}  // namespace assess::api::detail
