// JWT decoding as nats-io/jwt v2 Decode does it (nats-jwt.md §1, trap 9),
// signature checks with libsodium, and the creds/armor reader.
#include "lint/decode/token.h"

#include <rapidjson/error/en.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <utility>

#include "lint/base/base64.h"
#include "lint/base/nkeys.h"

namespace nsclint {
namespace {

// Go's encoding/json refuses documents nested deeper than this; bounding it
// here also keeps any recursive walk over the payload shallow.
constexpr int kMaxJsonDepth = 10000;
constexpr size_t kMaxQuotedValue = 32;
constexpr size_t kSignatureBytes = 64;
// {"typ":"JWT","alg":"ed25519-nkey"}, as nats-io/jwt encodes every header.
constexpr std::string_view kGoHeader = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ";
constexpr std::string_view kGoHeaderJson = R"({"typ":"JWT","alg":"ed25519-nkey"})";

using rapidjson::Document;
using rapidjson::Value;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// A header value for a message: quoted, escaped, bounded.
std::string Quote(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < value.size() && i < kMaxQuotedValue; ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c >= 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (value.size() > kMaxQuotedValue) out += "...";
  out += '"';
  return out;
}

char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// ASCII case folding: enough for the keys and values compared here.
bool EqualsFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// How Go's encoding/json fills a string field: keys match case-insensitively,
// the last non-null one wins. Sets *found when a non-null member exists.
// Returns false when such a member is not a string (Go fails the decode).
bool StringMember(const Value& object, std::string_view name, std::string* out, bool* found) {
  *found = false;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    std::string_view key(it->name.GetString(), it->name.GetStringLength());
    if (!EqualsFold(key, name) || it->value.IsNull()) continue;
    if (!it->value.IsString()) return false;
    out->assign(it->value.GetString(), it->value.GetStringLength());
    *found = true;
  }
  return true;
}

// Depth of [ and { nesting in syntactically valid JSON.
int JsonDepth(std::string_view json) {
  int depth = 0;
  int max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) max_depth = depth;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max_depth;
}

std::string ParseErrorText(rapidjson::ParseErrorCode code) {
  std::string text = rapidjson::GetParseError_En(code);
  if (!text.empty() && text.back() == '.') text.pop_back();
  if (!text.empty()) text[0] = AsciiLower(text[0]);
  return text;
}

// Decodes one base64url chunk into a JSON object. `what` is "header" or
// "payload". With `in_place`, the document's strings point into `json`
// (which the caller keeps alive and in place) instead of being copied.
template <typename Doc>
bool DecodeJsonChunk(std::string_view chunk, std::string_view what, std::string* json, Doc* doc, std::string* error,
                     bool in_place = false) {
  if (!Base64UrlDecodeInto(chunk, json)) {
    *error = std::string(what) + " is not valid base64url";
    return false;
  }
  // A raw NUL byte is never valid JSON (Go: "invalid character '\x00'"), but
  // rapidjson takes one for the end of the text and would accept
  // `{...}\0junk`; the in-place reader also needs the text to have none.
  if (const void* nul = std::memchr(json->data(), '\0', json->size()); nul != nullptr) {
    *error = std::string(what) + " is not valid JSON: a NUL byte at offset " +
             std::to_string(static_cast<const char*>(nul) - json->data());
    return false;
  }
  // Measured before an in-place parse rewrites the text; reported after a
  // parse error, as before. Each level takes a character: a text no longer
  // than the limit cannot nest deeper than it.
  const int depth = json->size() > static_cast<size_t>(kMaxJsonDepth) ? JsonDepth(*json) : 0;
  if (in_place) {
    doc->template ParseInsitu<rapidjson::kParseIterativeFlag>(json->data());
  } else {
    doc->template Parse<rapidjson::kParseIterativeFlag>(json->data(), json->size());
  }
  if (doc->HasParseError()) {
    *error = std::string(what) + " is not valid JSON: " + ParseErrorText(doc->GetParseError()) + " at offset " +
             std::to_string(doc->GetErrorOffset());
    return false;
  }
  if (depth > kMaxJsonDepth) {
    *error = std::string(what) + " JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    return false;
  }
  if (!doc->IsObject()) {
    *error = std::string(what) + " is not a JSON object";
    return false;
  }
  return true;
}

bool CheckHeader(const Document& header, std::string* alg, std::string* error) {
  std::string typ;
  bool found = false;
  if (!StringMember(header, "typ", &typ, &found)) {
    *error = "header typ is not a string";
    return false;
  }
  if (!found) {
    *error = "header has no typ, expected \"JWT\"";
    return false;
  }
  if (!EqualsFold(typ, "JWT")) {
    *error = "header typ is " + Quote(typ) + ", expected \"JWT\"";
    return false;
  }
  if (!StringMember(header, "alg", alg, &found)) {
    *error = "header alg is not a string";
    return false;
  }
  if (!found) {
    *error = "header has no alg, expected \"ed25519-nkey\"";
    return false;
  }
  if (!EqualsFold(*alg, "ed25519") && !EqualsFold(*alg, "ed25519-nkey")) {
    *error = "header alg is " + Quote(*alg) + ", expected \"ed25519-nkey\"";
    return false;
  }
  return true;
}

// Positions of the two dots of a 3-chunk token, or false.
bool SplitChunks(std::string_view token, size_t* dot1, size_t* dot2) {
  *dot1 = token.find('.');
  if (*dot1 == std::string_view::npos) return false;
  *dot2 = token.find('.', *dot1 + 1);
  return *dot2 != std::string_view::npos && token.find('.', *dot2 + 1) == std::string_view::npos;
}

bool LooksLikeBareJwt(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  if (text.substr(0, 3) != "eyJ") return false;
  size_t dot1 = 0;
  size_t dot2 = 0;
  if (!SplitChunks(text, &dot1, &dot2) || dot2 == dot1 + 1) return false;
  for (char c : text) {
    if (c != '.' && !IsBase64UrlChar(c)) return false;
  }
  return true;
}

// The regex's opening/closing marker shape on one line (line end and one
// '\r' already removed): ">= 3 dashes, anything, >= 3 dashes". Returns the
// offset of the leftmost start, or npos.
size_t MarkerStart(std::string_view line) {
  if (line.size() < 6 || line.substr(line.size() - 3) != "---") return std::string_view::npos;
  size_t start = line.find("---");
  // The leftmost "---" is the only candidate: a later one leaves even less
  // room for the closing dashes.
  if (start == std::string_view::npos || line.size() - start < 6) return std::string_view::npos;
  return start;
}

std::string_view StripCr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsBodyChar(char c) {
  return IsBase64UrlChar(c) || c == '.' || c == '=';
}

std::string LabelOf(std::string_view marker) {
  while (!marker.empty() && marker.front() == '-') marker.remove_prefix(1);
  while (!marker.empty() && marker.back() == '-') marker.remove_suffix(1);
  while (!marker.empty() && IsSpace(marker.front())) marker.remove_prefix(1);
  while (!marker.empty() && IsSpace(marker.back())) marker.remove_suffix(1);
  return std::string(marker);
}

}  // namespace

struct PayloadBuffers {
  static constexpr size_t kValueBytes = 16 << 10;  // a user JWT's values take ~1 KiB
  static constexpr size_t kStackBytes = 4 << 10;
  static constexpr size_t kKeptText = 64 << 10;  // larger texts are not kept for the next token
  PayloadBuffers()
      : values(new char[kValueBytes]),
        stack(new char[kStackBytes]),
        value_pool(values.get(), kValueBytes),
        stack_pool(stack.get(), kStackBytes) {}
  std::string text;
  std::unique_ptr<char[]> values, stack;  // the pools' first chunks (more come from the heap)
  rapidjson::MemoryPoolAllocator<> value_pool, stack_pool;
  std::optional<PayloadDocument> doc;
};

namespace {

constexpr size_t kMaxIdleBuffers = 4;  // per thread (an account and its activations at once)

std::vector<std::unique_ptr<PayloadBuffers>>& IdlePayloadBuffers() {
  thread_local std::vector<std::unique_ptr<PayloadBuffers>> idle;
  return idle;
}

PayloadBuffers* AcquirePayloadBuffers() {
  auto& idle = IdlePayloadBuffers();
  if (idle.empty()) return new PayloadBuffers();
  PayloadBuffers* b = idle.back().release();
  idle.pop_back();
  return b;
}

}  // namespace

void PayloadBuffersRelease::operator()(PayloadBuffers* b) const {
  b->doc.reset();
  b->value_pool.Clear();  // frees the chunks beyond the first, empties the first
  b->stack_pool.Clear();
  if (b->text.capacity() > PayloadBuffers::kKeptText) std::string().swap(b->text);
  auto& idle = IdlePayloadBuffers();
  if (idle.size() < kMaxIdleBuffers) {
    idle.emplace_back(b);
  } else {
    delete b;
  }
}

std::optional<DecodedJwt> DecodeJwt(std::string_view text, std::string* error) {
  std::string ignored;
  if (error == nullptr) error = &ignored;
  if (text.size() > kMaxTokenBytes) {
    *error = "token is larger than 2 MiB (" + std::to_string(text.size()) +
             " bytes); no nats-server from 2.11.15/2.12.6/2.14.0 decodes a JWT over 1 MiB";
    return std::nullopt;
  }
  // Go skips '\r' and '\n' inside base64 but signs the raw text; a file's one
  // trailing newline is harmless, any other surrounding whitespace is not.
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  }
  if (text.empty()) {
    *error = "token is empty";
    return std::nullopt;
  }
  if (IsSpace(text.front()) || IsSpace(text.back())) {
    *error = "token has leading or trailing whitespace";
    return std::nullopt;
  }
  size_t dot1 = 0;
  size_t dot2 = 0;
  if (!SplitChunks(text, &dot1, &dot2)) {
    size_t segments = 1;
    for (char c : text) segments += c == '.' ? 1 : 0;
    *error = "expected 3 dot-separated segments, found " + std::to_string(segments);
    return std::nullopt;
  }

  DecodedJwt jwt;
  if (text.substr(0, dot1) == kGoHeader) {
    // The header nats-io/jwt writes on every token: decoding it would give
    // this text and these values, every time.
    jwt.header_json = kGoHeaderJson;
    jwt.alg = "ed25519-nkey";
  } else {
    // The header is small: parse it into a buffer on the stack (rapidjson
    // falls back to the heap if it does not fit).
    char header_buffer[1024];
    rapidjson::MemoryPoolAllocator<> header_allocator(header_buffer, sizeof header_buffer);
    Document header(&header_allocator);
    if (!DecodeJsonChunk(text.substr(0, dot1), "header", &jwt.header_json, &header, error) ||
        !CheckHeader(header, &jwt.alg, error)) {
      return std::nullopt;
    }
  }
  // The payload is parsed in place (no copies of its strings) into buffers
  // this thread reuses from one token to the next.
  jwt.buffers.reset(AcquirePayloadBuffers());
  PayloadBuffers& b = *jwt.buffers;
  PayloadDocument& payload = b.doc.emplace(&b.value_pool, PayloadBuffers::kStackBytes / 2, &b.stack_pool);
  if (!DecodeJsonChunk(text.substr(dot1 + 1, dot2 - dot1 - 1), "payload", &b.text, &payload, error,
                       /*in_place=*/true)) {
    return std::nullopt;
  }
  // Go: a non-empty top-level "type" (any key case) means a v1 token.
  std::string type;
  bool found = false;
  if (!StringMember(payload, "type", &type, &found)) {
    *error = "payload type is not a string";
    return std::nullopt;
  }
  jwt.v1 = found && !type.empty();
  jwt.payload_json = &b.text;
  jwt.payload = &payload;
  jwt.token = std::string(text);
  return jwt;
}

SignatureStatus VerifySignature(const DecodedJwt& jwt) {
  std::string iss;
  bool found = false;
  if (jwt.payload == nullptr || !jwt.payload->IsObject() || !StringMember(*jwt.payload, "iss", &iss, &found) ||
      !found) {
    return SignatureStatus::kBadIssuerKey;
  }
  std::optional<nkeys::PublicKey> key = nkeys::DecodePublic(iss);
  if (!key) return SignatureStatus::kBadIssuerKey;

  std::string_view token = jwt.token;
  size_t dot1 = 0;
  size_t dot2 = 0;
  if (!SplitChunks(token, &dot1, &dot2)) return SignatureStatus::kMalformed;
  std::optional<std::string> signature = Base64UrlDecode(token.substr(dot2 + 1));
  if (!signature || signature->size() != kSignatureBytes) return SignatureStatus::kMalformed;

  std::string_view signed_bytes = jwt.v1 ? token.substr(dot1 + 1, dot2 - dot1 - 1) : token.substr(0, dot2);
  nkeys::EnsureSodium();
  int rc = crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                       reinterpret_cast<const unsigned char*>(signed_bytes.data()), signed_bytes.size(),
                                       key->raw.data());
  return rc == 0 ? SignatureStatus::kValid : SignatureStatus::kInvalid;
}

// Hand-written equivalent of the ParseDecoratedJWT regex, found-all without
// overlap:
//   \s*(?:(?:[-]{3,}.*[-]{3,}\r?\n)([\w\-.=]+)(?:\r?\n[-]{3,}.*[-]{3,}(\r?\n|\z)))
// Matches always end at a line start (or the end), so candidates are tried
// line by line. Whether a line opens a block depends only on that line and
// the next two, so each line is looked at a bounded number of times: linear.
std::vector<ArmoredBlock> FindArmoredBlocks(std::string_view text, size_t max_blocks) {
  std::vector<ArmoredBlock> blocks;
  constexpr size_t kNpos = std::string_view::npos;
  size_t pos = 0;  // start of the current line
  int line = 1;    // its 1-based number
  while (pos < text.size() && blocks.size() < max_blocks) {
    size_t eol = text.find('\n', pos);
    if (eol == kNpos) break;  // an opening marker needs its newline
    std::string_view opening = StripCr(text.substr(pos, eol - pos));
    size_t marker = MarkerStart(opening);
    if (marker != kNpos) {
      size_t body_start = eol + 1;
      size_t body_end = body_start;
      while (body_end < text.size() && IsBodyChar(text[body_end])) ++body_end;
      size_t after = body_end;
      if (after < text.size() && text[after] == '\r') ++after;
      if (body_end > body_start && after < text.size() && text[after] == '\n') {
        size_t close_start = after + 1;
        size_t close_eol = text.find('\n', close_start);
        // With a newline the closing line may end in one '\r'; at the end of
        // the text (\z) it may not.
        std::string_view closing =
            close_eol == kNpos ? text.substr(close_start) : StripCr(text.substr(close_start, close_eol - close_start));
        // Unlike the opening marker, the closing one starts at column 0.
        if (MarkerStart(closing) == 0) {
          blocks.push_back(ArmoredBlock{LabelOf(opening.substr(marker)),
                                        std::string(text.substr(body_start, body_end - body_start)), line + 1});
          if (close_eol == kNpos) break;
          pos = close_eol + 1;
          line += 3;
          continue;
        }
      }
    }
    pos = eol + 1;
    ++line;
  }
  return blocks;
}

bool LooksLikeJwt(std::string_view text) {
  if (LooksLikeBareJwt(text)) return true;
  for (const ArmoredBlock& block : FindArmoredBlocks(text)) {
    if (LooksLikeBareJwt(block.body)) return true;
  }
  return false;
}

}  // namespace nsclint
