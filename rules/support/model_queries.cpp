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

BlastRadius AccountBlastRadius(const Model& m, const Account& a) {
  BlastRadius r;
  for (int i : a.users) {
    if (!IsCredsCopy(m, m.users[i])) ++r.users;
  }
  for (size_t i = 0; i < m.accounts.size(); ++i) {
    const Account& x = m.accounts[i];
    if (x.origin != TokenOrigin::kFile || &x == &a) continue;
    size_t n = 0;
    for (const auto& im : x.imports) n += im.account == a.sub ? 1 : 0;
    if (n == 0) continue;
    r.imports += n;
    r.importers.push_back(static_cast<int>(i));
  }
  return r;
}

std::string BlastRadius::Text(const Model& m) const {
  if (users == 0 && imports == 0) return "";
  std::string out = " Blast radius: ";
  out += std::to_string(users) + (users == 1 ? " user refused" : " users refused");
  if (imports > 0) {
    out += "; " + std::to_string(imports) + (imports == 1 ? " import in " : " imports in ");
    for (size_t i = 0; i < importers.size(); ++i) {
      if (i == 3) {
        out += " and " + std::to_string(importers.size() - 3) + " more accounts";
        break;
      }
      out += (i == 0                      ? ""
              : i + 1 == importers.size() ? " and "
                                          : ", ") +
             ("'" + NscName(m.accounts[importers[i]]) + "'");
    }
    out += " dead";
  }
  return out + ".";
}

void BlastRadius::AddRelated(const Model& m, Finding* f) const {
  for (int i : importers) {
    const Account& x = m.accounts[i];
    if (x.artifact < 0) continue;
    f->related.push_back(RelatedLocation{m.artifacts[x.artifact].display.str(), x.line,
                                         "account '" + NscName(x) + "': its imports from it are dead"});
  }
}

bool AccountRejectedAtRoot(const Account& a, int64_t now, std::string* why) {
  if (a.origin == TokenOrigin::kFile && a.exp != 0 && a.exp <= now) {
    if (why != nullptr) *why = "it expired at " + FormatTime(a.exp) + " (NL101)";
    return true;
  }
  return false;
}

}  // namespace nsclint::rules
