// nkeys against vectors made by the Go library (fixtures/vectors/gen) plus
// hand cases. Seeds are test inputs but never appear in failure messages:
// traces name the vector, comparisons involving seeds use EXPECT_TRUE.
#include "lint/base/nkeys.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace nsclint::nkeys {
namespace {

nlohmann::json LoadVectors(const std::string& name) {
  std::ifstream in(std::string(NSCLINT_SOURCE_DIR) + "/fixtures/vectors/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return nlohmann::json::parse(buffer.str());
}

std::optional<Role> RoleByName(const std::string& name) {
  for (Role role : {Role::kOperator, Role::kAccount, Role::kUser, Role::kServer, Role::kCluster, Role::kCurve}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::array<uint8_t, 32> FromHex(const std::string& hex) {
  std::array<uint8_t, 32> out{};
  for (size_t i = 0; i < out.size() && 2 * i + 1 < hex.size(); ++i) {
    out[i] = static_cast<uint8_t>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  }
  return out;
}

std::string ToHex(const std::array<uint8_t, 32>& bytes) {
  std::string out;
  char buf[3];
  for (uint8_t b : bytes) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

TEST(Crc16, CheckValue) {
  const std::string check = "123456789";
  EXPECT_EQ(Crc16(reinterpret_cast<const uint8_t*>(check.data()), check.size()), 0x31C3);
  EXPECT_EQ(Crc16(nullptr, 0), 0);
}

TEST(Base32, RoundTripAndStrictness) {
  const std::string text = "foobar";
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  EXPECT_EQ(Base32Encode(data, text.size()), "MZXW6YTBOI");  // RFC 4648 without padding
  auto decoded = Base32Decode("MZXW6YTBOI");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(std::string(decoded->begin(), decoded->end()), text);
  EXPECT_FALSE(Base32Decode("MZXW6YTBOJ").has_value());    // non-zero trailing bits
  EXPECT_FALSE(Base32Decode("mzxw6ytboi").has_value());    // lower case
  EXPECT_FALSE(Base32Decode("MZXW6YTBOI==").has_value());  // padding
  EXPECT_FALSE(Base32Decode("MZXW6YTBO").has_value());     // 9 chars: impossible length
  EXPECT_FALSE(Base32Decode("M").has_value());
  ASSERT_TRUE(Base32Decode("").has_value());
  EXPECT_TRUE(Base32Decode("")->empty());
}

TEST(Roles, NamesAndLetters) {
  EXPECT_EQ(RoleName(Role::kOperator), "operator");
  EXPECT_EQ(RoleName(Role::kCurve), "curve");
  EXPECT_EQ(RoleLetter(Role::kServer), 'N');
  EXPECT_EQ(RoleLetter(Role::kCurve), 'X');
}

TEST(NkeyVectors, LibraryKeysRoundTrip) {
  nlohmann::json vectors = LoadVectors("nkeys.json");
  ASSERT_EQ(vectors["keys"].size(), 6u);
  for (const auto& v : vectors["keys"]) {
    SCOPED_TRACE(v["role"].get<std::string>());
    std::optional<Role> role = RoleByName(v["role"]);
    ASSERT_TRUE(role.has_value());
    const std::string seed_text = v["seed"];
    const std::string public_text = v["public"];

    std::string why;
    std::optional<PublicKey> key = DecodePublic(public_text, &why);
    ASSERT_TRUE(key.has_value()) << why;
    EXPECT_EQ(key->role, *role);
    EXPECT_EQ(ToHex(key->raw), v["public_raw_hex"].get<std::string>());
    EXPECT_EQ(EncodePublic(*role, key->raw), public_text);
    EXPECT_TRUE(IsPublicKeyOf(public_text, *role));
    EXPECT_EQ(public_text[0], RoleLetter(*role));

    std::optional<Seed> seed = DecodeSeed(seed_text, &why);
    ASSERT_TRUE(seed.has_value()) << why;
    EXPECT_EQ(seed->role(), *role);
    EXPECT_EQ(seed->PublicKeyText(), public_text);
    EXPECT_TRUE(LooksLikeSeed(seed_text)) << "seed shape not recognised";

    Seed from_raw(*role, FromHex(v["raw_seed_hex"]));
    EXPECT_EQ(from_raw.PublicKeyText(), public_text);
  }
}

TEST(NkeyVectors, RejectedWithReason) {
  nlohmann::json vectors = LoadVectors("nkeys.json");
  size_t count = 0;
  for (const char* list : {"rejected", "strict_only"}) {
    for (const auto& v : vectors[list]) {
      ++count;
      SCOPED_TRACE(v["name"].get<std::string>());
      const std::string text = v["text"];
      std::string why;
      if (v["kind"] == "public") {
        EXPECT_FALSE(DecodePublic(text, &why).has_value());
      } else {
        EXPECT_FALSE(DecodeSeed(text, &why).has_value());
      }
      EXPECT_EQ(why, v["why"].get<std::string>());
      if (text.size() >= 8) {
        EXPECT_EQ(why.find(text.substr(0, 8)), std::string::npos) << "reason echoes the input";
      }
    }
  }
  EXPECT_GE(count, 18u);
}

TEST(NkeyVectors, RoleMismatch) {
  nlohmann::json vectors = LoadVectors("nkeys.json");
  for (const auto& v : vectors["role_mismatch"]) {
    const std::string text = v["text"];
    EXPECT_TRUE(IsPublicKeyOf(text, *RoleByName(v["actual"]))) << text;
    EXPECT_FALSE(IsPublicKeyOf(text, *RoleByName(v["expected"]))) << text;
  }
}

class HandKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    nlohmann::json vectors = LoadVectors("nkeys.json");
    user_public_ = vectors["keys"][2]["public"];
    user_seed_ = vectors["keys"][2]["seed"];
    ASSERT_EQ(user_public_[0], 'U');
  }
  std::string user_public_;
  std::string user_seed_;
};

TEST_F(HandKeys, WrongLengths) {
  std::string why;
  EXPECT_FALSE(DecodePublic(user_public_.substr(0, 55), &why));
  EXPECT_EQ(why, "is 55 characters, not 56");
  EXPECT_FALSE(DecodePublic(user_public_ + "A", &why));
  EXPECT_EQ(why, "is 57 characters, not 56");
  EXPECT_FALSE(DecodeSeed(user_seed_.substr(0, 57), &why));
  EXPECT_EQ(why, "is 57 characters, not 58");
}

TEST_F(HandKeys, ShortKeyTheLibraryAccepts) {
  std::string why;
  EXPECT_FALSE(DecodePublic("AAAQEAZRME", &why));
  EXPECT_EQ(why, "is 10 characters, not 56");
  EXPECT_FALSE(IsPublicKeyOf("AAAQEAZRME", Role::kAccount));
}

TEST_F(HandKeys, WrongRole) {
  EXPECT_TRUE(IsPublicKeyOf(user_public_, Role::kUser));
  EXPECT_FALSE(IsPublicKeyOf(user_public_, Role::kAccount));
  EXPECT_FALSE(IsPublicKeyOf(user_public_, Role::kOperator));
}

TEST_F(HandKeys, BadChecksum) {
  std::string changed = user_public_;
  changed[30] = changed[30] == 'A' ? 'B' : 'A';
  std::string why;
  EXPECT_FALSE(DecodePublic(changed, &why));
  EXPECT_EQ(why, "bad checksum");

  std::string seed = user_seed_;
  seed[40] = seed[40] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(DecodeSeed(seed, &why));
  EXPECT_EQ(why, "bad checksum");
}

TEST_F(HandKeys, LowerCase) {
  std::string lower = user_public_;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string why;
  EXPECT_FALSE(DecodePublic(lower, &why));
  EXPECT_EQ(why, "has lower-case letters (nkeys are upper-case)");
}

TEST_F(HandKeys, SeedAndPublicSwapped) {
  std::string why;
  EXPECT_FALSE(DecodePublic(user_seed_, &why));
  EXPECT_EQ(why, "is a seed, not a public key");
  EXPECT_FALSE(DecodeSeed(user_public_, &why));
  EXPECT_EQ(why, "is 56 characters, not 58");
  EXPECT_FALSE(LooksLikeSeed(user_public_));
}

TEST_F(HandKeys, LooksLikeSeedShape) {
  EXPECT_TRUE(LooksLikeSeed(user_seed_)) << "seed shape not recognised";
  std::string bad_letter = user_seed_;
  bad_letter[1] = 'Z';
  EXPECT_FALSE(LooksLikeSeed(bad_letter));
  EXPECT_FALSE(LooksLikeSeed(user_seed_.substr(0, 57)));
  EXPECT_FALSE(LooksLikeSeed(""));
}

TEST_F(HandKeys, SeedMovesKeepTheKey) {
  std::optional<Seed> seed = DecodeSeed(user_seed_);
  ASSERT_TRUE(seed.has_value());
  Seed moved(std::move(*seed));
  EXPECT_EQ(moved.PublicKeyText(), user_public_);
  Seed assigned(Role::kAccount, std::array<uint8_t, 32>{});
  assigned = std::move(moved);
  EXPECT_EQ(assigned.role(), Role::kUser);
  EXPECT_EQ(assigned.PublicKeyText(), user_public_);
}

}  // namespace
}  // namespace nsclint::nkeys
