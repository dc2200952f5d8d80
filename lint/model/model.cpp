#include "lint/model/model.h"

#include <algorithm>
#include <exception>
#include <thread>

namespace nsclint {

std::string_view TokenTypeName(TokenType type) {
  switch (type) {
    case TokenType::kOperator:
      return "operator";
    case TokenType::kAccount:
      return "account";
    case TokenType::kUser:
      return "user";
    case TokenType::kActivation:
      return "activation";
    case TokenType::kGeneric:
      return "generic";
  }
  return "generic";
}

bool Account::HasSigningKey(const std::string& key) const {
  return FindSigningKey(key) != nullptr;
}

const SigningKey* Account::FindSigningKey(const std::string& key) const {
  for (const auto& sk : signing_keys) {
    if (sk.key == key) return &sk;
  }
  return nullptr;
}

bool Operator::DidSign(const std::string& key) const {
  if (key == sub && !strict_signing_key_usage) return true;
  return std::find(signing_keys.begin(), signing_keys.end(), key) != signing_keys.end();
}

int Model::FindOperator(const std::string& key) const {
  auto it = operator_by_key.find(key);
  return it == operator_by_key.end() ? -1 : it->second;
}

int Model::FindAccount(const std::string& key) const {
  auto it = account_by_key.find(key);
  return it == account_by_key.end() ? -1 : it->second;
}

int Model::FindOperatorOwningKey(const std::string& key) const {
  int found = FindOperator(key);
  if (found >= 0) return found;
  for (size_t i = 0; i < operators.size(); ++i) {
    const auto& sks = operators[i].signing_keys;
    if (std::find(sks.begin(), sks.end(), key) != sks.end()) return static_cast<int>(i);
  }
  return -1;
}

int Model::FindAccountBySigningKey(const std::string& key) const {
  auto it = account_by_signing_key.find(key);
  return it == account_by_signing_key.end() ? -1 : it->second;
}

int Model::StoreOperator(int store) const {
  for (size_t i = 0; i < operators.size(); ++i) {
    const auto& place = artifacts[operators[i].artifact].place;
    if (place.store == store && place.kind == Placement::Kind::kStoreOperator) return static_cast<int>(i);
  }
  return -1;
}

int Model::StoreAccount(int store, const std::string& account_dir) const {
  auto it = store_account_by_dir.find({store, account_dir});
  return it == store_account_by_dir.end() ? -1 : it->second;
}

bool Model::HasFileToken(const TokenDigest& digest) const {
  return std::binary_search(file_tokens.begin(), file_tokens.end(), digest);
}

size_t Model::SubSlot(std::string_view sub) const {
  // Linear probing from the key's hash; the table is at most half full.
  const size_t mask = user_sub_slots.size() - 1;
  for (size_t s = std::hash<std::string_view>{}(sub)&mask;; s = (s + 1) & mask) {
    const int u = user_sub_slots[s];
    if (u < 0 || users[static_cast<size_t>(u)].sub == sub) return s;
  }
}

int Model::FirstUserWithSub(std::string_view sub) const {
  if (user_sub_slots.empty()) return -1;
  return user_sub_slots[SubSlot(sub)];
}

void Model::Link(unsigned jobs) {
  operator_by_key.clear();
  account_by_key.clear();
  for (size_t i = 0; i < operators.size(); ++i) {
    operator_by_key.emplace(operators[i].sub, static_cast<int>(i));
  }
  // Store and loose JWT files take precedence over copies inside creds files.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < accounts.size(); ++i) {
      if ((accounts[i].origin == TokenOrigin::kFile) == (pass == 0)) {
        account_by_key.emplace(accounts[i].sub, static_cast<int>(i));
      }
    }
  }
  store_account_by_dir.clear();
  for (size_t i = 0; i < accounts.size(); ++i) {
    const auto& place = artifacts[accounts[i].artifact].place;
    if (place.kind == Placement::Kind::kStoreAccount) {
      store_account_by_dir.emplace(std::make_pair(place.store, std::string_view(place.account_dir)),
                                   static_cast<int>(i));
    }
  }
  keys_seed_by_key.clear();
  for (size_t i = 0; i < seeds.size(); ++i) {
    const Artifact& art = artifacts[seeds[i].artifact];
    if (art.place.kind == Placement::Kind::kKeysSeed && !seeds[i].public_key.empty() && !art.abs.empty()) {
      keys_seed_by_key.emplace(seeds[i].public_key, static_cast<int>(i));
    }
  }
  account_by_signing_key.clear();
  for (size_t i = 0; i < accounts.size(); ++i) {
    for (const auto& sk : accounts[i].signing_keys) account_by_signing_key.emplace(sk.key, static_cast<int>(i));
  }
  // Users by subject only read `sub` and write their own tables: with a
  // second thread (and users enough to pay for it) they are indexed beside
  // the links below, which never touch those.
  auto index_subjects = [this] {
    size_t slots = 16;
    while (slots < users.size() * 2) slots *= 2;
    user_sub_slots.assign(slots, -1);
    next_user_same_sub.assign(users.size(), -1);
    for (size_t k = users.size(); k-- > 0;) {  // backwards: each list comes out in scan order
      int& slot = user_sub_slots[SubSlot(users[k].sub)];
      next_user_same_sub[k] = slot;  // -1 when k is the last user with its key
      slot = static_cast<int>(k);
    }
  };
  std::exception_ptr beside_failure;
  std::jthread beside;  // joined on every way out of Link
  if (jobs > 1 && users.size() >= 10000) {
    beside = std::jthread([&] {
      try {
        index_subjects();
      } catch (...) {
        beside_failure = std::current_exception();
      }
    });
  } else {
    index_subjects();
  }
  for (size_t i = 0; i < accounts.size(); ++i) {
    Account& a = accounts[i];
    const auto& place = artifacts[a.artifact].place;
    a.operator_index = -1;
    if (place.store >= 0) a.operator_index = StoreOperator(place.store);
    if (a.operator_index < 0) a.operator_index = FindOperatorOwningKey(a.iss);
    if (a.operator_index >= 0) operators[a.operator_index].accounts.push_back(static_cast<int>(i));
  }
  // Users come in runs with one issuer: the last lookup is the likely answer.
  const std::string* last_issuer = nullptr;
  int last_account = -1;
  for (size_t i = 0; i < users.size(); ++i) {
    User& u = users[i];
    const auto& place = artifacts[u.artifact].place;
    const std::string& issuer = u.issuer_account.empty() ? u.iss : u.issuer_account;
    if (last_issuer == nullptr || *last_issuer != issuer) {
      last_issuer = &issuer;
      last_account = FindAccount(issuer);
    }
    u.account = last_account;
    if (u.account < 0 && place.kind == Placement::Kind::kStoreUser) {
      u.account = StoreAccount(place.store, place.account_dir);
    }
    if (u.account < 0) u.account = FindAccountBySigningKey(u.iss);
    if (u.account >= 0) accounts[u.account].users.push_back(static_cast<int>(i));
  }
  // Account folders that hold users but no account JWT: nsc fails every user
  // write while one exists (it reads each account folder's JWT).
  for (auto& s : stores) s.accounts_without_jwt.clear();
  {
    int last_store = -2;
    const std::string* last_dir = nullptr;
    for (const User& u : users) {
      const auto& place = artifacts[u.artifact].place;
      if (place.kind != Placement::Kind::kStoreUser || place.store < 0) continue;
      if (place.store == last_store && last_dir != nullptr && *last_dir == place.account_dir) continue;
      last_store = place.store;
      last_dir = &place.account_dir;
      auto& missing = stores[place.store].accounts_without_jwt;
      if (StoreAccount(place.store, place.account_dir) < 0 &&
          std::find(missing.begin(), missing.end(), place.account_dir) == missing.end()) {
        missing.push_back(place.account_dir);
      }
    }
  }
  if (beside.joinable()) beside.join();
  if (beside_failure) std::rethrow_exception(beside_failure);
  // Only creds tokens are ever looked up (is this creds JWT also a file?):
  // without creds files there is nothing to index.
  file_tokens.clear();
  if (!creds.empty()) {
    auto add_tokens = [this](const auto& list) {
      for (const auto& t : list) {
        if (t.origin == TokenOrigin::kFile) file_tokens.push_back(t.digest);
      }
    };
    add_tokens(operators);
    add_tokens(accounts);
    add_tokens(users);
    add_tokens(activations);
    std::sort(file_tokens.begin(), file_tokens.end());
    file_tokens.erase(std::unique(file_tokens.begin(), file_tokens.end()), file_tokens.end());
  }
  // Activation token files that hold an import's token (nsc generate
  // activation -o FILE, then add import --token FILE): the import's copy is
  // the one judged.
  import_tokens.clear();
  bool loose_activation = false;
  for (const auto& act : activations) loose_activation = loose_activation || act.origin != TokenOrigin::kImport;
  if (loose_activation) {
    for (const auto& act : activations) {
      if (act.origin == TokenOrigin::kImport) import_tokens.push_back(act.digest);
    }
    std::sort(import_tokens.begin(), import_tokens.end());
  }
  complete_store = std::any_of(stores.begin(), stores.end(), [](const StoreInfo& s) { return s.complete; });
}

bool Model::IsImportTokenCopy(const TokenBase& t) const {
  return t.token_type == TokenType::kActivation && t.origin != TokenOrigin::kImport &&
         std::binary_search(import_tokens.begin(), import_tokens.end(), t.digest);
}

}  // namespace nsclint
