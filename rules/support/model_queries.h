// Queries on the model shared by rules: iterating tokens (skipping copies),
// where a token sits in the store, whose key revoked what.
#pragma once

#include <optional>
#include <string>

#include "lint/base/util.h"
#include "lint/model/model.h"
#include "lint/rule/entity.h"
#include "lint/rule/rule.h"

namespace nsclint::rules {

/// A token read from a creds file that a JWT file in the scan already holds,
/// or an activation token file that an import holds: rules judge the JWT
/// file (the import) and skip the copy.
inline bool IsCredsCopy(const Model& m, const TokenBase& t) {
  return (t.origin == TokenOrigin::kCreds && m.HasFileToken(t.digest)) || m.IsImportTokenCopy(t);
}

/// A token's Entity, built on first use: most tokens never get a finding,
/// and building names for all of them would dominate the rules' time.
class LazyEntity {
 public:
  LazyEntity(const Model& m, const TokenBase& t) : m_(m), t_(t) {}
  const Entity& get() const {
    if (!e_) e_ = EntityOfToken(m_, t_);
    return *e_;
  }
  operator const Entity&() const { return get(); }  // NOLINT: meant to stand in for an Entity

 private:
  const Model& m_;
  const TokenBase& t_;
  mutable std::optional<Entity> e_;
};

namespace internal {

inline void PrefetchObject(const void* object, size_t size) {
  const char* p = static_cast<const char*>(object);
  for (size_t at = 0; at < size; at += 64) __builtin_prefetch(p + at);
}

}  // namespace internal

/// Calls f(user) for every user token (any origin), in scan order, like
/// `for (const User& u : m.users)`, for rules that read through each user's
/// pointers; a loop over the users' own fields alone is better left plain
/// (the hardware prefetcher follows that stride). Such rules wait on
/// memory, not on work: each user is its own heap block, its strings are
/// more blocks. So the loop asks for them ahead: the user object
/// 2 * kAhead users ahead, then, once that has arrived, what it points to
/// (keys, permission lists, its artifact) kAhead users ahead.
///
/// With `kEntries` (for rules that read every permission entry) the
/// entries' texts are asked for too, kAhead / 2 users ahead.
template <bool kEntries = false, typename F>
void ForEachUser(const Model& m, F&& f) {
  constexpr size_t kAhead = 8;
  const size_t n = m.users.size();
  for (size_t i = 0; i < n; ++i) {
    if (kEntries && i + kAhead / 2 < n) {
      const Permissions& p = m.users[i + kAhead / 2].permissions;
      for (const auto* list : {&p.pub.allow, &p.pub.deny, &p.sub.allow, &p.sub.deny}) {
        // A list's texts follow its views in one block.
        if (!list->empty()) __builtin_prefetch(list->front().data());
      }
    }
    if (i + 2 * kAhead < n) internal::PrefetchObject(&m.users[i + 2 * kAhead], sizeof(User));
    if (i + kAhead < n) {
      const User& next = m.users[i + kAhead];
      __builtin_prefetch(next.sub.data());
      __builtin_prefetch(next.iss.data());
      __builtin_prefetch(next.permissions.pub.allow.data());
      __builtin_prefetch(next.permissions.pub.deny.data());
      __builtin_prefetch(next.permissions.sub.allow.data());
      __builtin_prefetch(next.permissions.sub.deny.data());
      if (next.artifact >= 0) internal::PrefetchObject(&m.artifacts[next.artifact], sizeof(Artifact));
    }
    f(m.users[i]);
  }
}

/// Calls f(token, entity) for every operator, account, user and activation
/// token, skipping creds copies of a token that a JWT file already holds.
/// `entity` is a LazyEntity (converts to const Entity&).
template <typename F>
void ForEachToken(const Model& m, F&& f) {
  auto visit = [&](const auto& list) {
    for (const auto& t : list) {
      if (IsCredsCopy(m, t)) continue;
      f(static_cast<const TokenBase&>(t), LazyEntity(m, t));
    }
  };
  visit(m.operators);
  visit(m.accounts);
  visit(m.users);
  visit(m.activations);
}

/// The account an activation token was issued by (exporter), -1 when unknown.
int ExporterOf(const Model& m, const Activation& act);

/// The operator folder (index into Model::stores) a token's file sits in, -1 when loose.
int StoreOf(const Model& m, const TokenBase& t);
/// The store folder named `operator_dir` (a keys dir's creds/<op>/...), -1 when none.
int StoreNamed(const Model& m, const std::string& operator_dir);

/// What nsc looks up: the account's folder name, the user's file name and
/// the folder of the account it sits under; "" when the token is not in a
/// store folder.
std::string AccountDir(const Model& m, const Account& a);
std::string UserFile(const Model& m, const User& u);
std::string UserAccountDir(const Model& m, const User& u);

/// nats-server isRevoked: revoked when rev[key] or rev["*"] exists and is >= iat
/// (a revocation in the same second as iat revokes). Returns the deciding key or "".
std::string RevokedBy(const std::map<std::string, int64_t>& revocations, const std::string& key, int64_t iat);

/// True when the token's account belongs to a complete operator store (whole-graph rules may fire).
bool InCompleteStore(const Model& m, const TokenBase& t);

/// The account name of a user for nsc commands.
std::string AccountNameOf(const Model& m, const User& u);

/// What depends on an account the server rejects (SPEC "One root cause, one
/// finding"): its users (creds copies not counted) and the imports of other
/// accounts that name it as their source.
struct BlastRadius {
  size_t users = 0;
  size_t imports = 0;
  std::vector<int> importers;  // account indices, in model order, each once
  /// " Blast radius: 3 users refused; 2 imports in 'SALES' and 'OPS' dead." ("" when nothing depends on it)
  std::string Text(const Model& m) const;
  /// Related locations: each importer's JWT ("imports from it: dead").
  void AddRelated(const Model& m, Finding* f) const;
};
BlastRadius AccountBlastRadius(const Model& m, const Account& a);

/// Whether the server rejects account `a` for a cause another finding
/// reports as the root cause (an expired account JWT: NL101), so that the
/// imports of its importers are not reported again (NL504/NL5xx stay
/// silent). `why` gets the cause.
bool AccountRejectedAtRoot(const Account& a, int64_t now, std::string* why = nullptr);

}  // namespace nsclint::rules
