// base64url as Go's base64.RawURLEncoding decodes it (not Strict): no
// padding, '\r' and '\n' skipped anywhere, non-zero trailing bits accepted.
#include "lint/base/base64.h"

#include <array>
#include <cstdint>

namespace nsclint {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int8_t, 256> MakeDecodeTable() {
  std::array<int8_t, 256> table{};
  for (auto& entry : table) entry = -1;
  for (int i = 0; i < 64; ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  }
  return table;
}

constexpr std::array<int8_t, 256> kDecode = MakeDecodeTable();

}  // namespace

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  if (!Base64UrlDecodeInto(text, &out)) return std::nullopt;
  return out;
}

bool Base64UrlDecodeInto(std::string_view text, std::string* out_text) {
  std::string& out = *out_text;
  out.resize(text.size() / 4 * 3 + 3);
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  const auto* src = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  // Fast path: whole quanta of four characters, none of them '\r' or '\n'
  // (a token has none); the first quantum that is not plain falls through.
  while (i + 4 <= n) {
    const int32_t a = kDecode[src[i]], b = kDecode[src[i + 1]], c = kDecode[src[i + 2]], d = kDecode[src[i + 3]];
    if ((a | b | c | d) < 0) break;
    const uint32_t v = (static_cast<uint32_t>(a) << 18) | (static_cast<uint32_t>(b) << 12) |
                       (static_cast<uint32_t>(c) << 6) | static_cast<uint32_t>(d);
    dst[0] = static_cast<unsigned char>(v >> 16);
    dst[1] = static_cast<unsigned char>(v >> 8);
    dst[2] = static_cast<unsigned char>(v);
    dst += 3;
    i += 4;
  }
  // The rest (a final partial quantum, or text with line breaks): bit by bit.
  uint32_t acc = 0;
  int bits = 0;
  size_t count = 0;  // significant characters seen after the fast path (a multiple of 4 before it)
  for (; i < n; ++i) {
    const char ch = static_cast<char>(src[i]);
    if (ch == '\r' || ch == '\n') continue;
    int8_t value = kDecode[src[i]];
    if (value < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(value);
    bits += 6;
    ++count;
    if (bits >= 8) {
      bits -= 8;
      *dst++ = static_cast<unsigned char>((acc >> bits) & 0xFF);
    }
  }
  // One character alone in a final quantum carries only 6 bits: no byte.
  if (count % 4 == 1) return false;
  out.resize(static_cast<size_t>(dst - reinterpret_cast<unsigned char*>(out.data())));
  return true;
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : bytes) {
    acc = (acc << 8) | static_cast<unsigned char>(c);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3F]);
  return out;
}

}  // namespace nsclint
