// ZIP, stored entries only (data/zip.hpp).
#include "assess/data/zip.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>

namespace assess::data {
namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
    t[n] = c;
  }
  return t;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

void put16(std::string& s, std::uint32_t v) {
  s.push_back(static_cast<char>(v & 0xFFU));
  s.push_back(static_cast<char>((v >> 8) & 0xFFU));
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFFU);
  put16(s, v >> 16);
}

constexpr std::uint32_t kLocalSig = 0x04034b50U;
constexpr std::uint32_t kCentralSig = 0x02014b50U;
constexpr std::uint32_t kEndSig = 0x06054b50U;
constexpr std::uint32_t kVersionNeeded = 20;         // 2.0 (names flagged UTF-8)
constexpr std::uint32_t kVersionMadeBy = 0x0314U;    // host 3 (UNIX), spec 2.0: attributes below are mode bits
constexpr std::uint32_t kUtf8Flag = 0x0800U;         // general purpose bit 11
constexpr std::uint32_t kFileMode = 0100644U << 16;  // a regular file, rw-r--r--

}  // namespace

std::uint32_t crc32(std::string_view bytes) noexcept {
  std::uint32_t c = 0xFFFFFFFFU;
  for (unsigned char b : bytes) c = kCrcTable[(c ^ b) & 0xFFU] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

bool write_zip(const std::vector<ZipEntry>& entries, int year, int month, int day, std::string& out) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint32_t>::max();
  if (entries.size() >= 0xFFFFU) return false;
  std::uint64_t total = 22;
  for (const auto& e : entries) total += 30 + 46 + 2 * e.name.size() + e.bytes.size();
  if (total > kMax) return false;

  year = std::clamp(year, 1980, 2107);
  month = std::clamp(month, 1, 12);
  day = std::clamp(day, 1, 31);
  const auto date = static_cast<std::uint32_t>(((year - 1980) << 9) | (month << 5) | day);
  const std::uint32_t time = 0;  // 00:00:00

  std::string zip, central;
  zip.reserve(static_cast<std::size_t>(total));
  for (const auto& e : entries) {
    const auto offset = static_cast<std::uint32_t>(zip.size());
    const std::uint32_t crc = crc32(e.bytes);
    const auto size = static_cast<std::uint32_t>(e.bytes.size());
    const auto name_len = static_cast<std::uint32_t>(e.name.size());
    put32(zip, kLocalSig);
    put16(zip, kVersionNeeded);
    put16(zip, kUtf8Flag);
    put16(zip, 0);  // method: stored
    put16(zip, time);
    put16(zip, date);
    put32(zip, crc);
    put32(zip, size);  // compressed
    put32(zip, size);  // uncompressed
    put16(zip, name_len);
    put16(zip, 0);  // extra field
    zip += e.name;
    zip += e.bytes;

    put32(central, kCentralSig);
    put16(central, kVersionMadeBy);
    put16(central, kVersionNeeded);
    put16(central, kUtf8Flag);
    put16(central, 0);
    put16(central, time);
    put16(central, date);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, name_len);
    put16(central, 0);  // extra
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, kFileMode);
    put32(central, offset);
    central += e.name;
  }
  const auto central_offset = static_cast<std::uint32_t>(zip.size());
  const auto central_size = static_cast<std::uint32_t>(central.size());
  zip += central;
  put32(zip, kEndSig);
  put16(zip, 0);  // this disk
  put16(zip, 0);  // the disk of the central directory
  put16(zip, static_cast<std::uint32_t>(entries.size()));
  put16(zip, static_cast<std::uint32_t>(entries.size()));
  put32(zip, central_size);
  put32(zip, central_offset);
  put16(zip, 0);  // comment
  out = std::move(zip);
  return true;
}

}  // namespace assess::data
