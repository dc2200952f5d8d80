// nkeys: base32 (RFC 4648, upper case, no padding), role prefixes and CRC16,
// written from the reference (nats-io/nkeys strkey.go, crc16.go).
// Strict: public keys are exactly 56 characters, seeds 58.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nsclint::nkeys {

enum class Role { kOperator, kAccount, kUser, kServer, kCluster, kCurve };

std::string_view RoleName(Role role);  // "operator", "account", ...
char RoleLetter(Role role);            // 'O', 'A', 'U', 'N', 'C', 'X'

std::string Base32Encode(const uint8_t* data, size_t len);
/// Empty optional on a character outside A-Z2-7 or bad trailing bits.
std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text);

/// CRC-16/XMODEM (poly 0x1021, init 0): check "123456789" -> 0x31C3.
uint16_t Crc16(const uint8_t* data, size_t len);

struct PublicKey {
  Role role;
  std::array<uint8_t, 32> raw;
};

/// Decodes a public nkey strictly. On failure returns nullopt and, when
/// `why` is given, a short reason ("is 55 characters, not 56", "bad checksum",
/// "has prefix 'U' (user), not an account key", ...). Never echoes `text`.
std::optional<PublicKey> DecodePublic(std::string_view text, std::string* why = nullptr);

/// True when `text` is a valid public key of exactly `role`.
bool IsPublicKeyOf(std::string_view text, Role role);

std::string EncodePublic(Role role, const std::array<uint8_t, 32>& raw);

/// A decoded seed. The raw seed bytes are wiped on destruction.
class Seed {
 public:
  Seed(Role role, const std::array<uint8_t, 32>& raw);
  ~Seed();
  Seed(const Seed&) = delete;
  Seed& operator=(const Seed&) = delete;
  Seed(Seed&& other) noexcept;
  Seed& operator=(Seed&& other) noexcept;

  Role role() const { return role_; }
  /// The encoded public key derived from the seed (ed25519 via libsodium).
  std::string PublicKeyText() const;

 private:
  Role role_;
  std::array<uint8_t, 32> raw_;
};

/// Decodes an nkey seed (58 chars, marker 0x90, CRC). `why` as for DecodePublic;
/// messages never contain the seed text.
std::optional<Seed> DecodeSeed(std::string_view text, std::string* why = nullptr);

/// True when `text` has the shape of a seed (S + role letter + 56 base32 chars).
bool LooksLikeSeed(std::string_view text);

/// Initialises libsodium once (thread-safe); every user of it calls this first.
void EnsureSodium();

}  // namespace nsclint::nkeys
