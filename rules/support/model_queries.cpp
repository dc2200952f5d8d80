#include "rules/support/model_queries.h"

#include <map>
#include <tuple>

namespace nsclint::rules {

int ExporterOf(const Model& m, const Activation& act) {
  int a = m.FindAccount(act.issuer_account.empty() ? act.iss : act.issuer_account);
  if (a < 0) a = m.FindAccountBySigningKey(act.iss);
  return a;
}

std::string RevokedBy(const std::map<std::string, int64_t>& revocations, const std::string& key, int64_t iat) {
  auto it = revocations.find(key);
  if (it != revocations.end() && it->second >= iat) return key;
  it = revocations.find("*");
  if (it != revocations.end() && it->second >= iat) return "*";
  return "";
}

bool InCompleteStore(const Model& m, const TokenBase& t) {
  const auto& place = m.artifacts[t.artifact].place;
  return place.store >= 0 && m.stores[place.store].complete;
}

std::string AccountNameOf(const Model& m, const User& u) {
  if (u.account >= 0) return NscName(m.accounts[u.account]);
  return u.issuer_account.empty() ? u.iss : u.issuer_account;
}

int StoreOf(const Model& m, const TokenBase& t) {
  if (t.artifact < 0) return -1;
  return m.artifacts[t.artifact].place.store;
}

int StoreNamed(const Model& m, const std::string& operator_dir) {
  for (size_t i = 0; i < m.stores.size(); ++i) {
    if (m.stores[i].dir_name == operator_dir) return static_cast<int>(i);
  }
  return -1;
}

std::string AccountDir(const Model& m, const Account& a) {
  if (a.artifact < 0) return "";
  const auto& place = m.artifacts[a.artifact].place;
  return place.kind == Placement::Kind::kStoreAccount ? place.account_dir : "";
}

std::string UserFile(const Model& m, const User& u) {
  if (u.artifact < 0) return "";
  const auto& place = m.artifacts[u.artifact].place;
  return place.kind == Placement::Kind::kStoreUser ? place.file_stem : "";
}

std::string UserAccountDir(const Model& m, const User& u) {
  if (u.artifact < 0) return "";
  const auto& place = m.artifacts[u.artifact].place;
  return place.kind == Placement::Kind::kStoreUser ? place.account_dir : "";
}

}  // namespace nsclint::rules
