// The identity of a token's text: BLAKE2b-256 of the exact token
// (header.payload.signature). The model tells copies of one token apart from
// different tokens by it, and the verification cache keys on it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace nsclint {

using TokenDigest = std::array<uint8_t, 32>;

/// BLAKE2b-256 of the token text.
TokenDigest DigestToken(std::string_view token);

}  // namespace nsclint
