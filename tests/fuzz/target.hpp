// The libFuzzer entry point around one check of harness.hpp: a broken
// invariant prints what broke and aborts, so that libFuzzer saves the input.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "harness.hpp"

#define ASSESS_FUZZ_TARGET(check)                                                                  \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {              \
    const std::string broken = check(std::string_view(reinterpret_cast<const char*>(data), size)); \
    if (!broken.empty()) {                                                                         \
      std::fprintf(stderr, "\ninvariant broken: %s\n", broken.c_str());                            \
      std::abort();                                                                                \
    }                                                                                              \
    return 0;                                                                                      \
  }
