// nkeys, written from the reference (nats-jwt.md §2; nkeys strkey.go,
// crc16.go). Stricter than the library on purpose: exact lengths, exact
// prefix byte, zero trailing base32 bits.
#include "lint/base/nkeys.h"

#include <sodium.h>

#include <array>
#include <cstring>
#include <utility>

namespace nsclint::nkeys {
namespace {

constexpr size_t kPublicChars = 56;  // 35 bytes: prefix, key, crc
constexpr size_t kSeedChars = 58;    // 36 bytes: two marker bytes, seed, crc
constexpr uint8_t kSeedMarker = 18 << 3;
constexpr uint8_t kPrivateMarker = 15 << 3;
constexpr char kBase32Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

uint8_t PrefixByte(Role role) {
  switch (role) {
    case Role::kOperator:
      return 14 << 3;
    case Role::kAccount:
      return 0;
    case Role::kUser:
      return 20 << 3;
    case Role::kServer:
      return 13 << 3;
    case Role::kCluster:
      return 2 << 3;
    case Role::kCurve:
      return 23 << 3;
  }
  return 0xFF;
}

std::optional<Role> RoleFromPrefix(uint8_t prefix) {
  for (Role role : {Role::kOperator, Role::kAccount, Role::kUser, Role::kServer, Role::kCluster, Role::kCurve}) {
    if (PrefixByte(role) == prefix) return role;
  }
  return std::nullopt;
}

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

void SetWhy(std::string* why, std::string text) {
  if (why != nullptr) *why = std::move(text);
}

// Why `text` is not base32; positions are fine to report, characters are not
// (the text may be a seed).
std::string Base32Problem(std::string_view text) {
  bool lower_only = true;
  size_t first_bad = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (Base32Value(c) >= 0) continue;
    if (first_bad == text.size()) first_bad = i;
    if (!(c >= 'a' && c <= 'z')) lower_only = false;
  }
  if (first_bad == text.size()) return "has non-zero trailing bits";
  if (lower_only) return "has lower-case letters (nkeys are upper-case)";
  return "has a character outside A-Z2-7 at position " + std::to_string(first_bad + 1);
}

// The CRC stored little-endian in the last two of `n` decoded bytes.
uint16_t StoredCrc(const uint8_t* raw, size_t n) {
  return static_cast<uint16_t>(raw[n - 2] | (raw[n - 1] << 8));
}

// Base32 (no padding) into `out`, which has room for text.size() * 5 / 8
// bytes; the number written goes to `*written`. False on a character outside
// A-Z2-7, a length whole bytes cannot have (1, 3 or 6 mod 8), or non-zero
// trailing bits.
bool Base32DecodeTo(std::string_view text, uint8_t* out, size_t* written) {
  const size_t rem = text.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6) return false;
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0;
  for (char c : text) {
    const int value = Base32Value(c);
    if (value < 0) return false;
    acc = (acc << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = static_cast<uint8_t>((acc >> bits) & 0xFF);
    }
  }
  *written = n;
  return (acc & ((1u << bits) - 1)) == 0;
}

void AppendCrc(std::vector<uint8_t>* raw) {
  uint16_t crc = Crc16(raw->data(), raw->size());
  raw->push_back(static_cast<uint8_t>(crc & 0xFF));
  raw->push_back(static_cast<uint8_t>(crc >> 8));
}

}  // namespace

void EnsureSodium() {
  // sodium_init is safe to call repeatedly; the static makes it once and
  // thread-safe. A failure leaves libsodium unusable; nothing sensible to do.
  static const int kInit = sodium_init();
  (void)kInit;
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOperator:
      return "operator";
    case Role::kAccount:
      return "account";
    case Role::kUser:
      return "user";
    case Role::kServer:
      return "server";
    case Role::kCluster:
      return "cluster";
    case Role::kCurve:
      return "curve";
  }
  return "unknown";
}

char RoleLetter(Role role) {
  switch (role) {
    case Role::kOperator:
      return 'O';
    case Role::kAccount:
      return 'A';
    case Role::kUser:
      return 'U';
    case Role::kServer:
      return 'N';
    case Role::kCluster:
      return 'C';
    case Role::kCurve:
      return 'X';
  }
  return '?';
}

std::string Base32Encode(const uint8_t* data, size_t len) {
  std::string out;
  out.reserve((len * 8 + 4) / 5);
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    acc = (acc << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Alphabet[(acc >> bits) & 0x1F]);
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(acc << (5 - bits)) & 0x1F]);
  return out;
}

std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text) {
  std::vector<uint8_t> out(text.size() * 5 / 8);
  size_t n = 0;
  if (!Base32DecodeTo(text, out.data(), &n)) return std::nullopt;
  out.resize(n);
  return out;
}

namespace {

// CRC-16/XMODEM (polynomial 0x1021, initial 0) one byte at a time: entry b is
// the bit-by-bit result for the byte b alone.
constexpr std::array<uint16_t, 256> MakeCrcTable() {
  std::array<uint16_t, 256> table{};
  for (int b = 0; b < 256; ++b) {
    uint16_t crc = static_cast<uint16_t>(b << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) != 0 ? static_cast<uint16_t>((crc << 1) ^ 0x1021) : static_cast<uint16_t>(crc << 1);
    }
    table[static_cast<size_t>(b)] = crc;
  }
  return table;
}
constexpr std::array<uint16_t, 256> kCrcTable = MakeCrcTable();

}  // namespace

uint16_t Crc16(const uint8_t* data, size_t len) {
  uint16_t crc = 0;
  for (size_t i = 0; i < len; ++i) {
    crc = static_cast<uint16_t>((crc << 8) ^ kCrcTable[((crc >> 8) ^ data[i]) & 0xFF]);
  }
  return crc;
}

std::optional<PublicKey> DecodePublic(std::string_view text, std::string* why) {
  if (text.size() != kPublicChars) {
    if (LooksLikeSeed(text)) {
      SetWhy(why, "is a seed, not a public key");
    } else {
      SetWhy(why, "is " + std::to_string(text.size()) + " characters, not 56");
    }
    return std::nullopt;
  }
  // 56 characters are 35 bytes exactly: decoded on the stack.
  std::array<uint8_t, 35> raw{};
  size_t n = 0;
  if (!Base32DecodeTo(text, raw.data(), &n)) {
    SetWhy(why, Base32Problem(text));
    return std::nullopt;
  }
  if (Crc16(raw.data(), raw.size() - 2) != StoredCrc(raw.data(), raw.size())) {
    SetWhy(why, "bad checksum");
    return std::nullopt;
  }
  uint8_t prefix = raw[0];
  std::optional<Role> role = RoleFromPrefix(prefix);
  if (!role) {
    if ((prefix & 0xF8) == kSeedMarker) {
      SetWhy(why, "is a seed, not a public key");
    } else if (prefix == kPrivateMarker) {
      SetWhy(why, "is a private key, not a public key");
    } else {
      SetWhy(why, "has an unknown role prefix");
    }
    return std::nullopt;
  }
  PublicKey key{*role, {}};
  std::memcpy(key.raw.data(), raw.data() + 1, key.raw.size());
  return key;
}

bool IsPublicKeyOf(std::string_view text, Role role) {
  std::optional<PublicKey> key = DecodePublic(text);
  return key && key->role == role;
}

std::string EncodePublic(Role role, const std::array<uint8_t, 32>& raw) {
  std::vector<uint8_t> bytes;
  bytes.reserve(35);
  bytes.push_back(PrefixByte(role));
  bytes.insert(bytes.end(), raw.begin(), raw.end());
  AppendCrc(&bytes);
  return Base32Encode(bytes.data(), bytes.size());
}

Seed::Seed(Role role, const std::array<uint8_t, 32>& raw) : role_(role), raw_(raw) {}

Seed::~Seed() {
  sodium_memzero(raw_.data(), raw_.size());
}

Seed::Seed(Seed&& other) noexcept : role_(other.role_), raw_(other.raw_) {
  sodium_memzero(other.raw_.data(), other.raw_.size());
}

Seed& Seed::operator=(Seed&& other) noexcept {
  if (this != &other) {
    role_ = other.role_;
    raw_ = other.raw_;
    sodium_memzero(other.raw_.data(), other.raw_.size());
  }
  return *this;
}

std::string Seed::PublicKeyText() const {
  EnsureSodium();
  std::array<uint8_t, 32> pub{};
  if (role_ == Role::kCurve) {
    // xkeys (nkeys >= 0.4.0): the public key is X25519(seed, basepoint).
    if (crypto_scalarmult_curve25519_base(pub.data(), raw_.data()) != 0) return "";
  } else {
    std::array<uint8_t, crypto_sign_SECRETKEYBYTES> secret{};
    crypto_sign_seed_keypair(pub.data(), secret.data(), raw_.data());
    sodium_memzero(secret.data(), secret.size());
  }
  return EncodePublic(role_, pub);
}

std::optional<Seed> DecodeSeed(std::string_view text, std::string* why) {
  if (text.size() != kSeedChars) {
    SetWhy(why, "is " + std::to_string(text.size()) + " characters, not 58");
    return std::nullopt;
  }
  std::optional<std::vector<uint8_t>> raw = Base32Decode(text);
  if (!raw) {
    SetWhy(why, Base32Problem(text));
    return std::nullopt;
  }
  // Wipe the decoded copy on every path out.
  struct Wiper {
    std::vector<uint8_t>* bytes;
    ~Wiper() { sodium_memzero(bytes->data(), bytes->size()); }
  } wiper{&*raw};
  if (Crc16(raw->data(), raw->size() - 2) != StoredCrc(raw->data(), raw->size())) {
    SetWhy(why, "bad checksum");
    return std::nullopt;
  }
  uint8_t b0 = (*raw)[0];
  uint8_t b1 = (*raw)[1];
  if ((b0 & 0xF8) != kSeedMarker) {
    SetWhy(why, "is not a seed (no seed marker)");
    return std::nullopt;
  }
  std::optional<Role> role = RoleFromPrefix(static_cast<uint8_t>(((b0 & 7) << 5) | (b1 >> 3)));
  // Like the library, the low 3 bits of b1 are not checked.
  if (!role) {
    SetWhy(why, "has an unknown role prefix");
    return std::nullopt;
  }
  std::array<uint8_t, 32> seed{};
  std::memcpy(seed.data(), raw->data() + 2, seed.size());
  std::optional<Seed> result(std::in_place, *role, seed);
  sodium_memzero(seed.data(), seed.size());
  return result;
}

bool LooksLikeSeed(std::string_view text) {
  if (text.size() != kSeedChars || text[0] != 'S') return false;
  char letter = text[1];
  if (letter != 'O' && letter != 'A' && letter != 'U' && letter != 'N' && letter != 'C' && letter != 'X') {
    return false;
  }
  for (char c : text) {
    if (Base32Value(c) < 0) return false;
  }
  return true;
}

}  // namespace nsclint::nkeys
