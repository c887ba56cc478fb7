// SHA-256 (FIPS 180-4) for content hashes such as a service's config hash. Small and dependency
// free: core/ links no crypto library, and these hashes identify configurations, they protect
// nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dc {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Hashes a message fed in pieces: update() any number of times, then finish() once.
class Sha256 {
  public:
    Sha256();
    void update(std::string_view bytes);
    Sha256Digest finish();

  private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;  // Bytes hashed so far.
};

Sha256Digest sha256(std::string_view bytes);
// The digest as 64 lowercase hex digits, as `sha256sum` prints it.
std::string sha256_hex(std::string_view bytes);
std::string to_hex(const Sha256Digest& digest);

}  // namespace dc
