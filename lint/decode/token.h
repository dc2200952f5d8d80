// JWT decoding and verification (nats-io/jwt v2 claims.go / decoder.go rules):
// three base64url chunks, RapidJSON header and payload, ed25519 via libsodium.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/model/signature_status.h"

namespace nsclint {

/// Largest token accepted; larger input is refused before any decoding.
inline constexpr size_t kMaxTokenBytes = 2 << 20;  // 2 MiB: NL201 judges 1-2 MiB tokens per server version

/// A payload's parsed document: its values and its parse stack in pools.
using PayloadDocument =
    rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>, rapidjson::MemoryPoolAllocator<>>;

/// The text, pools and document of one decoded payload. Once the DecodedJwt
/// that holds them is gone they serve the next token the thread decodes: no
/// allocation per token for any of it.
struct PayloadBuffers;
struct PayloadBuffersRelease {
  void operator()(PayloadBuffers* buffers) const;
};

struct DecodedJwt {
  std::string token;  // the token text that was decoded (no armor, one trailing newline trimmed)
  std::string header_json;
  std::unique_ptr<PayloadBuffers, PayloadBuffersRelease> buffers;
  /// The payload's JSON text, in `buffers`. The document is parsed in place:
  /// its strings point into this text.
  const std::string* payload_json = nullptr;
  const PayloadDocument* payload = nullptr;  // in `buffers`; always an object when decoding succeeded
  bool v1 = false;                           // payload has a top-level "type": v1 signs the payload chunk only
  std::string alg;                           // header alg as written
};

/// Decodes a token. On failure returns nullopt and sets `error` to a short
/// reason for NL001 ("expected 3 dot-separated segments, found 2",
/// "payload is not valid base64url", "header is not a JSON object",
/// "header typ is \"xyz\", expected JWT", "payload JSON: <rapidjson error> at offset N",
/// "token larger than 2 MiB"). JSON nesting is bounded (iterative parse).
std::optional<DecodedJwt> DecodeJwt(std::string_view text, std::string* error);

/// Verifies the ed25519 signature with the key in the payload's `iss`.
/// v2 signs "chunk0.chunk1", v1 signs chunk1 only.
SignatureStatus VerifySignature(const DecodedJwt& jwt);

/// One armored block, as nats-io/jwt ParseDecoratedJWT finds it: a marker line
/// (>= 3 dashes, anything, >= 3 dashes), one body line of [A-Za-z0-9_.=-],
/// a closing marker line at column 0.
struct ArmoredBlock {
  std::string label;  // the opening marker without dashes, e.g. "BEGIN NATS USER JWT"
  std::string body;
  int line = 0;  // 1-based line number of the body
};

/// All armored blocks in `text`, in order (at most `max_blocks`).
std::vector<ArmoredBlock> FindArmoredBlocks(std::string_view text, size_t max_blocks = 8);

/// True when `text` looks like a bare JWT (three dot-separated base64url chunks,
/// first chunk starting "eyJ") or holds an armored block that does.
bool LooksLikeJwt(std::string_view text);

}  // namespace nsclint
