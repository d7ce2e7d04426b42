// The stored ZIP writer (data/zip.hpp): CRC-32's check value, and an archive
// read back record by record as APPNOTE 6.3 lays it out (local headers,
// central directory, end record), with UTF-8 names, the data's date and
// identical bytes for identical input.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "assess/data/zip.hpp"

namespace {

std::uint32_t u16(const std::string& s, std::size_t at) {
  return static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8);
}
std::uint32_t u32(const std::string& s, std::size_t at) { return u16(s, at) | (u16(s, at + 2) << 16); }

TEST(Zip, Crc32CheckValue) {
  // The check value of CRC-32/ISO-HDLC (zlib's crc32) for "123456789".
  EXPECT_EQ(assess::data::crc32("123456789"), 0xCBF43926U);
  EXPECT_EQ(assess::data::crc32(""), 0U);
}

TEST(Zip, StoredEntriesReadBack) {
  const std::vector<assess::data::ZipEntry> entries{
      {"README.md", "# бума\n"}, {"dataset.csv", "code,x\r\nAB12CD,1\r\n"}, {"empty.txt", ""}};
  std::string zip;
  ASSERT_TRUE(assess::data::write_zip(entries, 2026, 12, 5, zip));
  std::string again;
  ASSERT_TRUE(assess::data::write_zip(entries, 2026, 12, 5, again));
  EXPECT_EQ(zip, again);

  // The end record: 3 entries, the central directory's place.
  const std::size_t end = zip.size() - 22;
  ASSERT_EQ(u32(zip, end), 0x06054b50U);
  EXPECT_EQ(u16(zip, end + 8), 3U);
  EXPECT_EQ(u16(zip, end + 10), 3U);
  std::size_t central = u32(zip, end + 16);
  EXPECT_EQ(central + u32(zip, end + 12), end);
  const std::uint32_t date = ((2026 - 1980) << 9) | (12 << 5) | 5;
  for (const auto& e : entries) {
    SCOPED_TRACE(e.name);
    ASSERT_EQ(u32(zip, central), 0x02014b50U);
    EXPECT_EQ(u16(zip, central + 8) & 0x0800U, 0x0800U);  // UTF-8 names
    EXPECT_EQ(u16(zip, central + 10), 0U);                // stored
    EXPECT_EQ(u16(zip, central + 14), date);
    EXPECT_EQ(u32(zip, central + 16), assess::data::crc32(e.bytes));
    EXPECT_EQ(u32(zip, central + 20), e.bytes.size());
    const std::size_t name_len = u16(zip, central + 28);
    EXPECT_EQ(zip.substr(central + 46, name_len), e.name);
    // The local header it points to, then the bytes as they are.
    const std::size_t local = u32(zip, central + 42);
    ASSERT_EQ(u32(zip, local), 0x04034b50U);
    EXPECT_EQ(u32(zip, local + 14), assess::data::crc32(e.bytes));
    EXPECT_EQ(u16(zip, local + 26), name_len);
    EXPECT_EQ(zip.substr(local + 30, name_len), e.name);
    EXPECT_EQ(zip.substr(local + 30 + name_len, e.bytes.size()), e.bytes);
    central += 46 + name_len;
  }
  EXPECT_EQ(central, end);
}

TEST(Zip, DateClampedToTheDosRange) {
  std::string a, b;
  ASSERT_TRUE(assess::data::write_zip({{"a", "x"}}, 1970, 1, 1, a));
  ASSERT_TRUE(assess::data::write_zip({{"a", "x"}}, 1980, 1, 1, b));
  EXPECT_EQ(a, b);
}

}  // namespace
