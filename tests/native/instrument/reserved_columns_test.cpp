// instrument::kReservedColumns: the one list of the fixed table columns that
// no id may take, matched without regard to case.
#include <string>

#include <gtest/gtest.h>

#include "assess/instrument/model.hpp"

using assess::instrument::is_reserved_column;

namespace {

TEST(ReservedColumns, EveryFixedColumnInAnyCase) {
  for (const char* name : {"code", "programme", "wave", "lang", "group", "submitted", "instrument", "version", "expert",
                           "object", "comment", "rubric"}) {
    EXPECT_TRUE(is_reserved_column(name)) << name;
  }
  EXPECT_TRUE(is_reserved_column("Code"));
  EXPECT_TRUE(is_reserved_column("RUBRIC"));
  EXPECT_FALSE(is_reserved_column("edtech"));
  EXPECT_FALSE(is_reserved_column("codes"));
  EXPECT_FALSE(is_reserved_column(""));
}

}  // namespace
