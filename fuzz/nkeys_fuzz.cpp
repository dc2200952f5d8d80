// libFuzzer target: public keys, seeds and raw base32. A successful decode
// must round-trip through the encoder.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lint/base/nkeys.h"

namespace nk = nsclint::nkeys;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string why;
  if (std::optional<nk::PublicKey> key = nk::DecodePublic(text, &why)) {
    if (nk::EncodePublic(key->role, key->raw) != text) std::abort();
    if (!nk::IsPublicKeyOf(text, key->role)) std::abort();
  }
  if (std::optional<nk::Seed> seed = nk::DecodeSeed(text, &why)) {
    std::string pub = seed->PublicKeyText();
    if (pub.size() != 56 || !nk::DecodePublic(pub)) std::abort();
  }
  (void)nk::LooksLikeSeed(text);
  if (std::optional<std::vector<uint8_t>> raw = nk::Base32Decode(text)) {
    if (nk::Base32Encode(raw->data(), raw->size()) != text) std::abort();
    (void)nk::Crc16(raw->data(), raw->size());
  }
  return 0;
}
