#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "lint/base/subjects.h"
#include "rules/modern/feature_support.h"
#include "rules/rules.h"
#include "rules/support/model_queries.h"

namespace nsclint::rules {
namespace {

bool ParseIndex(std::string_view s, int* out) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

std::vector<std::string_view> SplitArgs(std::string_view s) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Why nats-server cannot build the transform src -> dest (NewSubjectTransform),
// or "" when it can. Subject syntax itself is NL204's.
std::string TransformProblem(std::string_view src, std::string_view dest) {
  const auto stoks = subjects::Tokens(src), dtoks = subjects::Tokens(dest);
  int npwcs = 0;
  for (auto t : stoks) npwcs += t == "*";
  const bool src_fwc = !stoks.empty() && stoks.back() == ">";
  const bool dest_fwc = !dtoks.empty() && dtoks.back() == ">";
  for (auto t : dtoks) {
    if (t == "*") return "the destination holds a '*' wildcard (only the source may)";
  }
  if (src_fwc != dest_fwc) return "source and destination disagree on '>'";
  const bool wild = npwcs > 0 || src_fwc;
  for (auto t : dtoks) {
    std::vector<int> indexes;
    std::string fn;
    if (t.size() > 1 && t[0] == '$') {
      int n = 0;
      if (!ParseIndex(t.substr(1), &n)) continue;  // other $ tokens are literal
      fn = "wildcard";
      indexes.push_back(n);
    } else if (t.size() > 4 && t.substr(0, 2) == "{{" && t.substr(t.size() - 2) == "}}") {
      std::string_view body = t.substr(2, t.size() - 4);
      while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
      while (!body.empty() && body.back() == ' ') body.remove_suffix(1);
      const size_t open = body.find('(');
      if (open == std::string_view::npos || body.back() != ')') {
        return "the destination token '" + std::string(t) + "' is not a mapping function call";
      }
      std::string_view name = body.substr(0, open);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      for (char c : name) fn += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const auto args = SplitArgs(body.substr(open + 1, body.size() - open - 2));
      static const std::set<std::string> kKnown = {"wildcard",      "partition",      "splitfromleft", "splitfromright",
                                                   "slicefromleft", "slicefromright", "split",         "left",
                                                   "right",         "random"};
      if (fn.rfind("account-", 0) == 0) continue;  // account functions (2.15): resolved by the server, not judged
      if (kKnown.count(fn) == 0) return "the destination uses the unknown function '" + std::string(t) + "'";
      if (fn == "random") continue;
      if (fn == "partition") {
        for (size_t i = 1; i < args.size(); ++i) {
          int n = 0;
          if (!ParseIndex(args[i], &n)) return "the arguments of '" + std::string(t) + "' are not numbers";
          indexes.push_back(n);
        }
        if (!wild) continue;
      } else {
        int n = 0;
        if (args.empty() || !ParseIndex(args[0], &n)) return "the arguments of '" + std::string(t) + "' are not valid";
        indexes.push_back(n);
      }
    } else {
      continue;
    }
    if (!wild)
      return "'" + std::string(t) + "' refers to a wildcard, but the source '" + std::string(src) + "' has none";
    for (int n : indexes) {
      if (n > npwcs || n < 0) {
        return "'" + std::string(t) + "' refers to wildcard " + std::to_string(n) + ", but the source '" +
               std::string(src) + "' has " + std::to_string(npwcs);
      }
    }
  }
  return "";
}

int EffectiveWeight(const MappingDest& d) {
  return d.weight == 0 ? 100 : d.weight;
}

}  // namespace

namespace {

void CheckInvalidMapping(const Model& m, RuleContext& ctx) {
  const ServerTarget& server = ctx.server();
  constexpr auto kStrict = ServerBehavior::kMappingWeightsStrict;
  constexpr auto kPerCluster = ServerBehavior::kMappingWeightsPerCluster;
  constexpr auto kWildDest = ServerBehavior::kWildcardMappingDest;
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile || a.v1) continue;
    const std::string acct = NscName(a);
    for (const auto& mapping : a.features.mappings) {
      // Named references: lambdas below capture them (clang 14 cannot capture structured bindings).
      const auto& src = mapping.first;
      const auto& dests = mapping.second;
      auto report = [&](const std::string& message, const std::string& qualifier, const std::string& remediation) {
        const Entity e = EntityOf(m, a);
        Finding f = FindingAt(m, a.artifact, a.line, e);
        f.message = Describe(e) + ": " + message;
        f.qualifier = qualifier;
        f.fix.remediation = remediation + " Then push the account.";
        ctx.Report(Level::kError, std::move(f));
      };
      const std::string fix_weights =
          "Lower the weights to a total of 100 at most per cluster: nsc "
          "delete mapping -a " +
          ShellQuote(acct) + " --from " + ShellQuote(src) +
          ", then nsc add mapping ... --weight N for each destination.";
      // 1. Weights, per jwt version: which versions reject the account and why.
      std::vector<std::string> rejected;  // "nats-server X (why)"
      {
        const BehaviorSplit strict = server.Split(kStrict);
        const BehaviorSplit per_cluster = server.Split(kPerCluster);
        // jwt 2.8.1+
        if (strict.with) {
          std::map<std::string, uint32_t> totals;
          std::string why;
          for (const auto& d : dests) {
            if (EffectiveWeight(d) > 100 && why.empty()) {
              why = "weight " + std::to_string(EffectiveWeight(d)) + " of '" + d.subject + "' exceeds 100";
            }
            totals[d.cluster] += static_cast<uint32_t>(EffectiveWeight(d));
          }
          for (const auto& [cluster, t] : totals) {
            if (t > 100 && why.empty()) {
              why = (cluster.empty() ? "the weights without a cluster" : "the weights of cluster '" + cluster + "'") +
                    std::string(" total ") + std::to_string(t);
            }
          }
          if (!why.empty()) rejected.push_back("nats-server " + server.Having(kStrict) + " (" + why + ")");
        }
        // jwt 2.5.8 - 2.8.0: per cluster in 8 bits (raw weight), cluster-less in 8 bits (0 = 100).
        const bool mid = [&] {
          for (const auto& r : server.ranges) {
            ServerTarget one;
            one.ranges = {r};
            if (one.AnyHas(kPerCluster) && one.AnyLacks(kStrict)) return true;
          }
          return false;
        }();
        if (mid) {
          std::map<std::string, uint8_t> per;
          uint8_t total = 0;
          std::string why;
          for (const auto& d : dests) {
            if (!d.cluster.empty()) {
              per[d.cluster] = static_cast<uint8_t>(per[d.cluster] + d.weight);
              if (per[d.cluster] > 100 && why.empty()) {
                why =
                    "the weights of cluster '" + d.cluster + "' total " + std::to_string(per[d.cluster]) + " in 8 bits";
              }
            } else {
              total = static_cast<uint8_t>(total + EffectiveWeight(d));
            }
          }
          if (total > 100 && why.empty())
            why = "the weights without a cluster total " + std::to_string(total) + " in 8 bits";
          if (!why.empty()) rejected.push_back("nats-server 2.10.18-2.11.14 (" + why + ")");
        }
        // jwt < 2.5.8: everything summed in 8 bits.
        if (per_cluster.without) {
          uint8_t total = 0;
          for (const auto& d : dests) total = static_cast<uint8_t>(total + EffectiveWeight(d));
          if (total > 100) {
            rejected.push_back("nats-server " + server.Lacking(kPerCluster) +
                               " (all weights summed in 8 bits: " + std::to_string(total) + ")");
          }
        }
      }
      if (!rejected.empty()) {
        std::string who;
        for (size_t i = 0; i < rejected.size(); ++i) who += (i ? "; " : "") + rejected[i];
        report("the weights of mapping '" + src + "' exceed 100%: " + who +
                   " rejects the whole account, every user of '" + acct + "' is refused.",
               "weights:" + src, fix_weights);
        continue;  // one root cause: the account is gone
      }
      // 2. Wildcard destinations before jwt 2.5.0.
      bool wild_dest = false;
      for (const auto& d : dests) wild_dest = wild_dest || subjects::HasWildcards(d.subject);
      if (wild_dest && server.AnyLacks(kWildDest)) {
        report("mapping '" + src + "' has a wildcard destination: nats-server " + server.Lacking(kWildDest) +
                   " (before " + SinceText(kWildDest) + ", jwt < 2.5.0) rejects the whole account, every user of '" +
                   acct + "' is refused.",
               "wildcard-dest:" + src, "Upgrade the servers to 2.9.22 or later, or map literal subjects only.");
        continue;
      }
      // 3. Destinations the server cannot build: the whole mapping is dropped.
      // When no destination of the source can be built, deleting the mapping changes
      // nothing the server does: that is the fix command.
      const bool all_dead = [&] {
        for (const auto& d : dests) {
          if (EffectiveWeight(d) <= 100 && TransformProblem(src, d.subject).empty()) return false;
        }
        return true;
      }();
      std::set<std::string> seen;
      std::map<std::string, uint8_t> running;  // nats-server AddWeightedMappings: per cluster, 8 bits
      for (const auto& d : dests) {
        std::string why;
        running[d.cluster] = static_cast<uint8_t>(running[d.cluster] + EffectiveWeight(d));
        if (!seen.insert(d.subject).second) {
          why = "the destination '" + d.subject + "' is listed twice";
        } else if (EffectiveWeight(d) > 100) {
          why = "its weight " + std::to_string(EffectiveWeight(d)) + " exceeds 100";
        } else if (running[d.cluster] > 100) {
          why = "the weights" + (d.cluster.empty() ? std::string() : " of cluster '" + d.cluster + "'") +
                " add up past 100 (" + std::to_string(running[d.cluster]) + " in 8 bits)";
        } else if (subjects::Check(d.subject).severity == subjects::Severity::kError ||
                   subjects::Check(src).severity == subjects::Severity::kError) {
          continue;  // NL204's
        } else {
          why = TransformProblem(src, d.subject);
        }
        if (why.empty()) continue;
        const Entity e = EntityOf(m, a);
        Finding f = FindingAt(m, a.artifact, a.line, e);
        f.message = Describe(e) + ": mapping '" + src + "' -> '" + d.subject + "': " + why + ": nats-server " +
                    server.Text() + " drops the whole mapping silently (the account loads, nothing is mapped from '" +
                    src + "').";
        f.qualifier = "dest:" + src + ":" + d.subject;
        if (all_dead) {
          f.fix.remediation =
              "Then add the mapping again with destinations the server can build (nsc add "
              "mapping -a " +
              ShellQuote(acct) + " --from " + ShellQuote(src) + " --to DEST) and push the account.";
          NscAccountCommand(m, a, {"nsc", "delete", "mapping", "-a", AccountDir(m, a), "--from", src}, &f.fix);
        } else {
          f.fix.remediation = "Rebuild the mapping with the destinations to keep: nsc delete mapping -a " +
                              ShellQuote(acct) + " --from " + ShellQuote(src) + ", then nsc add mapping -a " +
                              ShellQuote(acct) + " --from " + ShellQuote(src) +
                              " --to DEST --weight N for each. Then push the account.";
        }
        ctx.Report(Level::kError, std::move(f));
        break;  // one dead mapping, one finding
      }
    }
  }
}

}  // namespace

Rule MakeNL802() {
  return Rule{
      .info =
          {
              .id = "NL802",
              .name = "invalid-mapping",
              .family = "modern",
              .default_level = Level::kError,
              .short_description = "An account subject mapping the server rejects (weights over 100, wildcard "
                                   "destinations on old servers) "
                                   "or silently drops (a destination it cannot build).",
              .full_description =
                  "Account mappings: weights over 100 reject the whole account (how they are summed depends on the jwt "
                  "version the server vendors); a destination the server cannot build (duplicated destination, '*' in "
                  "the "
                  "destination, '>' on one side only, $n or {{wildcard(n)}} beyond the source's wildcards, an unknown "
                  "{{function()}}) is dropped silently, so the mapping is dead; a wildcard destination before "
                  "nats-server "
                  "2.9.22 rejects the account.",
              .help_markdown = R"md(## What it finds
On an account's `mappings` (`nsc add mapping`):
- **weights over 100** reject the whole account (every user refused). From nats-server
  2.11.15/2.12.6/2.14.0 (jwt 2.8.1) any single weight above 100, or a per-cluster (or cluster-less)
  total above 100. From 2.10.18 to 2.11.14 per-cluster totals are summed in 8 bits (they wrap at
  256). Before 2.10.18 all the entries of a source are summed together in 8 bits, whatever their
  cluster, so a mapping split across two clusters of 60 each rejects the account there. A weight of
  0 (absent) counts as 100.
- **a destination the server cannot build**: the same destination twice, a `*` in the destination,
  `>` in source or destination only, `$n`/`{{wildcard(n)}}` beyond the number of `*` in the source,
  a function used with a source without wildcards (except `random`/`partition`), an unknown
  `{{function()}}`. nats-server ignores the error of `AddWeightedMappings` on an account update:
  the mapping is dropped silently ("jwt updated"), nothing is delivered on its destination
  (nats-server#8468).
- **a wildcard destination** on servers before 2.9.22 (jwt < 2.5.0 rejects it): the whole account.

Subject syntax (empty tokens, spaces) is NL204's.

## Server versions
The weight rules follow the jwt version the target server vendors (see above); the destination
checks hold on every version. The message names the versions its verdict is for. Proven on every
server of the test matrix (`tests/server_test.cpp`, `ServerFeatures`): a rejected account refuses
its users; for a dropped mapping a message published on the source arrives unmapped, for the
near-miss it arrives mapped (60 + 60 in two clusters: rejected by 2.9.10 and 2.10.11, loaded from
2.10.29; 200 + 100: dropped up to 2.11.14, rejected by 2.15.3).

## Why it matters
A rejected account refuses every user; a dropped mapping loses the traffic it should route, and
the push of the account JWT still answers success.

## Example
```
store/ACME/accounts/APP/APP.jwt: error NL802 invalid-mapping: account 'APP' (AC4R…): mapping
'orders.*' -> 'orders.$2': '$2' refers to wildcard 2, but the source 'orders.*' has 1: every
nats-server drops the mapping silently, nothing is delivered on it.
```

## How to fix
`nsc delete mapping -a APP --from SRC --to DEST`, then `nsc add mapping -a APP --from SRC --to DEST
[--weight N] [--cluster C]` with a destination and weights the server accepts. Then push the
account.
)md",
              .security_severity = "6.0",
              .tags = {"security", "nats", "jwt", "mappings"},
              .precision = "very-high",
              .fix_commands = true,
          },
      .check = CheckInvalidMapping,
  };
}

}  // namespace nsclint::rules
