// Claims: a decoded JWT payload mapped onto the model's typed entities,
// with the Go decoder's strictness (a bad field type fails the whole token).
#pragma once

#include <optional>
#include <string>

#include "lint/decode/token.h"
#include "lint/model/model.h"

namespace nsclint {

struct ParsedClaims {
  TokenType type = TokenType::kGeneric;
  std::optional<Operator> op;
  std::optional<Account> account;
  std::optional<User> user;
  std::optional<Activation> activation;
};

/// Maps the payload of `jwt` onto a typed entity (fields of TokenBase
/// included, but not artifact/line/origin/signature, which the caller sets).
/// nullopt with `error` set when the Go library could not decode it: unknown
/// type, known type without nats.version, a field of the wrong JSON type,
/// an unknown enum value. Generic tokens return type kGeneric and no entity.
std::optional<ParsedClaims> ParseClaims(const DecodedJwt& jwt, std::string* error);

}  // namespace nsclint
