#include "rules/support/nsc_fix.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

namespace nsclint::rules {

bool NameMatchesPlace(const Model& m, const TokenBase& t) {
  if (t.artifact < 0) return false;
  const auto& place = m.artifacts[t.artifact].place;
  const std::string name = Trim(t.name);
  if (name.empty()) return false;
  switch (place.kind) {
    case Placement::Kind::kStoreOperator:
      return place.store >= 0 && m.stores[place.store].dir_name == name;
    case Placement::Kind::kStoreAccount:
      return place.account_dir == name;
    case Placement::Kind::kStoreUser:
      return place.file_stem == name;
    default:
      return false;
  }
}

namespace {

// <keys>/keys/X/YZ/pub.nk -> <keys>
std::filesystem::path KeysDirOfSeed(const Model& m, int seed) {
  return std::filesystem::path(m.artifacts[m.seeds[seed].artifact].abs.view())
      .parent_path()
      .parent_path()
      .parent_path()
      .parent_path();
}

}  // namespace

bool NscContextInner(const Model& m, int store, const std::vector<std::string>& signers, Fix* fix);

bool NscContext(const Model& m, int store, const std::vector<std::string>& signers, Fix* fix) {
  // A follow-up step ("Then push ...") means nothing without the command.
  if (fix->remediation.starts_with("Then ")) {
    const std::string follow_up = std::move(fix->remediation);
    fix->remediation.clear();
    if (NscContextInner(m, store, signers, fix)) {
      fix->remediation = follow_up;
      return true;
    }
    return false;
  }
  return NscContextInner(m, store, signers, fix);
}

bool NscContextInner(const Model& m, int store, const std::vector<std::string>& signers, Fix* fix) {
  if (store < 0) {
    fix->remediation = "The token is not in an nsc store folder: no nsc command can address it. " + fix->remediation;
    return false;
  }
  std::filesystem::path keys;
  if (m.keys_seed_by_key.empty()) {
    fix->remediation = "No nsc command: the scan holds no keys dir (pass it next to the store)" +
                       (signers.empty() ? std::string(".") : " with the private key of " + signers.front() + ".") +
                       (fix->remediation.empty() ? "" : " " + fix->remediation);
    return false;
  }
  for (const std::string& key : signers) {
    auto it = m.keys_seed_by_key.find(key);
    if (it == m.keys_seed_by_key.end()) {
      fix->remediation = "No nsc command: the keys dir of the scan lacks the private key of " + key +
                         " that nsc must sign with." + (fix->remediation.empty() ? "" : " " + fix->remediation);
      return false;
    }
    if (keys.empty()) keys = KeysDirOfSeed(m, it->second);
  }
  if (keys.empty()) keys = KeysDirOfSeed(m, m.keys_seed_by_key.begin()->second);
  const StoreInfo& s = m.stores[store];
  // One copy of the two paths for all the fixes of a store (a rule may give
  // one to each of a million users); keyed by the paths, not the model.
  thread_local std::map<std::tuple<std::string, std::string, std::string>, std::pair<SharedText, SharedText>> shared;
  auto [it, fresh] = shared.try_emplace({s.dir_abs, s.dir_display, keys.generic_string()});
  if (fresh) {
    std::filesystem::path rel = keys.lexically_relative(std::filesystem::path(s.dir_abs));
    it->second = {SharedText(s.dir_display), SharedText(rel.empty() ? keys.generic_string() : rel.generic_string())};
  }
  fix->cwd = it->second.first;
  fix->keys = it->second.second;
  return true;
}

bool GenerateCredsFix(const Model& m, const std::string& sub, int creds_artifact, Fix* fix) {
  int store_user = -1;
  m.ForEachUserWithSub(sub, [&](int i) {
    const User& u = m.users[i];
    if (store_user < 0 && u.origin == TokenOrigin::kFile && !UserFile(m, u).empty()) store_user = i;
  });
  if (store_user < 0) {
    fix->remediation = "No nsc command: the scan holds no store JWT of user " + sub +
                       "; write its creds with nsc generate creds in the store it belongs to.";
    return false;
  }
  const User& u = m.users[store_user];
  if (!NameMatchesPlace(m, u)) {
    fix->remediation = "No nsc command: the user's JWT name differs from its file name (fix NL007 first).";
    return false;
  }
  const int store = StoreOf(m, u);
  if (!NscContext(m, store, {u.sub}, fix)) return false;
  const std::string abs = m.artifacts[creds_artifact].abs.str();
  std::filesystem::path out = std::filesystem::path(abs).lexically_relative(m.stores[store].dir_abs);
  if (abs.empty() || out.empty()) out = abs;
  fix->commands.push_back(
      {"nsc", "generate", "creds", "-a", UserAccountDir(m, u), "-n", UserFile(m, u), "-o", out.generic_string()});
  return true;
}

std::vector<std::string> PreserveAccountFlags(const Account& a) {
  std::vector<std::string> out;
  if (a.limits.disallow_bearer.value_or(false)) out.emplace_back("--disallow-bearer");
  if (!a.limits.wildcards.value_or(false)) out.emplace_back("--wildcard-exports=false");
  return out;
}

bool NscEditFix(const Model& m, const TokenBase& t, const Entity& e, const std::vector<std::string>& flags, Fix* fix,
                const std::string& signer) {
  const std::string& key = signer.empty() ? t.iss : signer;
  if (fix->remediation.starts_with("Then ") && fix->commands.empty() &&
      (t.origin != TokenOrigin::kFile || !NameMatchesPlace(m, t))) {
    fix->remediation.clear();
  }
  if (t.origin != TokenOrigin::kFile || (e.kind != "operator" && e.kind != "account" && e.kind != "user")) {
    fix->remediation = "Re-issue it with nsc in the store it belongs to. " + fix->remediation;
    return false;
  }
  if (StoreOf(m, t) < 0) return NscContext(m, -1, {}, fix);
  if (!NameMatchesPlace(m, t)) {
    fix->remediation = "No nsc command: nsc reads the " + e.kind +
                       " by its folder or file name but writes it by its JWT name, which differ here "
                       "(fix NL007 first). " +
                       fix->remediation;
    return false;
  }
  FixCommand cmd{"nsc", "edit", e.kind};
  std::vector<std::string> signers;
  if (e.kind == "operator") {
    signers.push_back(t.sub);
  } else if (e.kind == "account") {
    const auto& a = static_cast<const Account&>(t);
    signers.push_back(key);
    cmd.insert(cmd.end(), {"-n", AccountDir(m, a), "-K", key});
  } else {
    const auto& u = static_cast<const User&>(t);
    if (u.account >= 0) {
      const Account& a = m.accounts[u.account];
      if (!RevokedBy(a.revocations, u.sub, u.iat).empty()) {
        fix->remediation =
            "No nsc command: its account revokes it and any edit would lift that "
            "(a new iat); rotate its key. " +
            fix->remediation;
        return false;
      }
    }
    const int store = StoreOf(m, u);
    if (store >= 0) {
      // To write a user nsc reads the account folders in name order up to the
      // one whose key signed it: one without its JWT on the way fails the write.
      for (const std::string& dir : m.stores[store].accounts_without_jwt) {
        if (dir <= UserAccountDir(m, u)) {
          fix->remediation = "No nsc command: nsc cannot write this user while accounts/" + dir +
                             " has no account JWT (see NL006). " + fix->remediation;
          return false;
        }
      }
    }
    signers.push_back(key);
    cmd.insert(cmd.end(), {"-a", UserAccountDir(m, u), "-n", UserFile(m, u), "-K", key});
  }
  if (!NscContext(m, StoreOf(m, t), signers, fix)) return false;
  cmd.insert(cmd.end(), flags.begin(), flags.end());
  if (e.kind == "account") {
    // A flag the fix sets itself (NL009 allows wildcard exports) is not preserved.
    for (const std::string& keep : PreserveAccountFlags(static_cast<const Account&>(t))) {
      const std::string name = keep.substr(0, keep.find('='));
      const bool set_by_fix = std::any_of(flags.begin(), flags.end(),
                                          [&](const std::string& f) { return f.substr(0, f.find('=')) == name; });
      if (!set_by_fix) cmd.push_back(keep);
    }
  }
  fix->commands.push_back(cmd);
  return true;
}

}  // namespace nsclint::rules
