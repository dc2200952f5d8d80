// Whose key a seed is: shared by the rules that report seeds by public key
// (NL604, NL605), so they name the owner alike.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>

#include "rules/support/model_queries.h"

namespace nsclint::rules {

struct SeedOwner {
  std::string phrase;  // "user 'alice' (U…)", "a signing key of account 'A' (A…)"
  std::string fqn;     // "op/acct/alice"
};

/// The owner of each key in `wanted` the model knows: users, accounts,
/// operators and their signing keys; the first in model order.
inline std::map<std::string, SeedOwner, std::less<>> SeedOwners(const Model& m,
                                                                const std::set<std::string, std::less<>>& wanted) {
  std::map<std::string, SeedOwner, std::less<>> owner;
  if (wanted.empty()) return owner;
  auto own = [&](const std::string& key, const auto& token, const std::string& prefix) {
    if (wanted.count(key) == 0 || owner.count(key) != 0) return;
    Entity e = EntityOf(m, token);
    owner.emplace(key, SeedOwner{prefix + Describe(e), e.fqn});
  };
  for (const auto& u : m.users) own(u.sub, u, "");
  for (const auto& a : m.accounts) {
    own(a.sub, a, "");
    for (const auto& sk : a.signing_keys) own(sk.key, a, "a signing key of ");
  }
  for (const auto& o : m.operators) {
    own(o.sub, o, "");
    for (const auto& sk : o.signing_keys) own(sk, o, "a signing key of ");
  }
  return owner;
}

/// "a user seed", "an account seed", "an operator seed".
inline std::string SeedArticle(const std::string& role) {
  const bool vowel = !role.empty() && std::string_view("aeio").find(role[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + role + " seed";
}

/// A secret file: where seeds belong (nsc keys-dir files, and .nk/.creds files
/// outside an operator store). Standard input has no name and is never judged.
inline bool IsSecretFile(const Artifact& art) {
  using K = Placement::Kind;
  const K kind = art.place.kind;
  if (kind == K::kKeysSeed || kind == K::kKeysCreds || kind == K::kKeysOther) return true;
  if (art.abs.view().empty()) return true;  // stdin
  const std::string_view ext = PathExtension(art.abs);
  return (ext == ".nk" || ext == ".creds") && art.place.store < 0;
}

}  // namespace nsclint::rules
