// A token's signature verdict, as decoding found it and the model keeps it.
#pragma once

namespace nsclint {

enum class SignatureStatus {
  kValid,
  kInvalid,       // does not verify with the issuer key
  kBadIssuerKey,  // iss is not a valid public nkey: nothing to verify with
  kMalformed,     // signature chunk is not 64 bytes of base64url
};

}  // namespace nsclint
