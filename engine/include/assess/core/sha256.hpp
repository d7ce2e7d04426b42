// SHA-256 (FIPS 180-4), for the integrity seal of exported files
// (core/integrity.hpp). Own code: the engine has no crypto library, and in
// the browser the same digest comes from crypto.subtle.digest("SHA-256").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace assess {

class Sha256 {
 public:
  Sha256() noexcept;
  void update(const void* data, std::size_t size) noexcept;
  void update(std::string_view s) noexcept { update(s.data(), s.size()); }
  // The digest; the object must not be updated afterwards.
  std::array<std::uint8_t, 32> finish() noexcept;

 private:
  void block(const std::uint8_t* p) noexcept;
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t used_ = 0;
  std::uint64_t length_ = 0;  // bytes
};

// Lower-case hex of the SHA-256 of bytes (64 characters).
std::string sha256_hex(std::string_view bytes);

}  // namespace assess
