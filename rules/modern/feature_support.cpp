#include "rules/modern/feature_support.h"

#include <utility>

#include "rules/support/nsc_fix.h"

namespace nsclint::rules {

std::string StorageText(int64_t bytes) {
  if (bytes < 0) return "unlimited";
  static constexpr struct {
    int64_t unit;
    const char* name;
  } kUnits[] = {
      {int64_t{1} << 40, "TiB"}, {int64_t{1} << 30, "GiB"}, {int64_t{1} << 20, "MiB"}, {int64_t{1} << 10, "KiB"}};
  for (const auto& u : kUnits) {
    if (bytes >= u.unit && bytes % u.unit == 0) return std::to_string(bytes / u.unit) + " " + u.name;
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

bool LimitsRefuseConnections(const Account& a) {
  if (!a.limits.present) return true;
  const auto conn = a.limits.values.find("conn");
  const auto subs = a.limits.values.find("subs");
  return conn == a.limits.values.end() || subs == a.limits.values.end() || subs->second == 0;
}

bool NscAccountCommand(const Model& m, const Account& a, const FixCommand& argv, Fix* fix) {
  if (a.origin != TokenOrigin::kFile || AccountDir(m, a).empty() || !NameMatchesPlace(m, a)) return false;
  if (!NscContext(m, StoreOf(m, a), {a.iss}, fix)) return false;
  fix->commands.push_back(argv);
  return true;
}

int StoreUserOfAccount(const Model& m, const Account& a, const std::string& key) {
  int found = -1;
  m.ForEachUserWithSub(key, [&](int i) {
    const User& u = m.users[i];
    if (found >= 0 || u.origin != TokenOrigin::kFile) return;
    if (u.account >= 0 && &m.accounts[u.account] == &a) found = i;
  });
  return found;
}

}  // namespace nsclint::rules
