#include "lint/base/digest.h"

#include <sodium.h>

#include "lint/base/nkeys.h"

namespace nsclint {

TokenDigest DigestToken(std::string_view token) {
  nkeys::EnsureSodium();
  TokenDigest d{};
  crypto_generichash(d.data(), d.size(), reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  return d;
}

}  // namespace nsclint
