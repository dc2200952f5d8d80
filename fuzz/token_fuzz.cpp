// libFuzzer target: a token as it appears in a .jwt file or a creds block.
// DecodeJwt -> VerifySignature -> ParseClaims, plus the armor finder, on
// arbitrary bytes. An input starting with '{' is also taken as a payload and
// wrapped in a token, so mutations reach the claims parser without having
// to keep base64 intact.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lint/base/base64.h"
#include "lint/decode/claims.h"
#include "lint/decode/token.h"

namespace {

// {"typ":"JWT","alg":"ed25519-nkey"}
constexpr std::string_view kHeader = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ";

void DecodeAll(std::string_view text) {
  std::string error;
  if (std::optional<nsclint::DecodedJwt> jwt = nsclint::DecodeJwt(text, &error)) {
    (void)nsclint::VerifySignature(*jwt);
    (void)nsclint::ParseClaims(*jwt, &error);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  DecodeAll(text);
  (void)nsclint::LooksLikeJwt(text);
  for (const nsclint::ArmoredBlock& block : nsclint::FindArmoredBlocks(text)) DecodeAll(block.body);
  if (!text.empty() && text.front() == '{') {
    std::string token(kHeader);
    token += '.';
    token += nsclint::Base64UrlEncode(text);
    token += '.';
    token += nsclint::Base64UrlEncode(std::string(64, '\x01'));
    DecodeAll(token);
  }
  return 0;
}
