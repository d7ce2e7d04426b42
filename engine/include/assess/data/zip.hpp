// A ZIP archive of stored (uncompressed) files, for the reproducibility
// bundle (docs/formats.md "The reproducibility bundle"): PKWARE's APPNOTE
// 6.3 local headers, central directory and end record, method 0 (stored),
// names in UTF-8 (general purpose flag bit 11), CRC-32 as ISO 3309. Own
// code: the format is a few fixed records and the engine has no compression
// library; every unzip, Windows Explorer, macOS Archive Utility and Python's
// zipfile read stored entries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace assess::data {

// CRC-32 (the polynomial 0xEDB88320, reflected; as zlib's crc32).
std::uint32_t crc32(std::string_view bytes) noexcept;

struct ZipEntry {
  std::string name;  // a relative path with '/' (UTF-8)
  std::string bytes;
};

// The archive of the entries in their order, every entry dated `year`-`month`-`day`
// (the data's date, not the clock's: the same input gives the same bytes;
// clamped to 1980..2107, the range of the DOS date). Entries and the whole
// archive must stay below 4 GiB (no ZIP64): false when not, out untouched.
bool write_zip(const std::vector<ZipEntry>& entries, int year, int month, int day, std::string& out);

}  // namespace assess::data
