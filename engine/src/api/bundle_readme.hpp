// README.md of the reproducibility bundle (api/ops_bundle.cpp).
#pragma once

#include <string>
#include <vector>

#include "assess/instrument/model.hpp"

namespace assess::api::detail {

// What the bundle holds of people's words and identifying facts, which its
// README's "Personal data" says: personal (open answers, experts' comments
// or identifying variables are in it), none (made with them, but the study
// has none), removed (made with --no-text).
enum class BundlePrivacy { personal, none, removed };

// The README in `lang` (kk, ru, en) of a bundle of the files `names` (in
// their order).
std::string bundle_readme(const instrument::Study& study, const std::string& lang,
                          const std::vector<std::string>& names, BundlePrivacy privacy);

}  // namespace assess::api::detail
