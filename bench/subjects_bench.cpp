// Benchmark of the subject algebra's list operations (lint/base/subjects.h):
// FindRedundant and FindConsolidatable on generated permission lists of
// 1,000 / 10,000 / 100,000 realistic subjects, against the O(n^2)
// brute-force reference at 1,000 and 10,000; then the pairwise and trie
// paths on 10,000 short lists of 2..16 entries. Median of 7 runs, in ms.
// Build and run with bench/run.sh.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "lint/base/subjects.h"

namespace {

namespace subjects = nsclint::subjects;

constexpr int kRuns = 7;

// Subjects shaped like real permission lists: service.region.tenant.entity
// .action with ids, some '*' tokens, some 'prefix.>' patterns, some copies.
std::vector<std::string> Generate(size_t n, uint32_t seed) {
  static const char* kRoots[] = {"orders", "payments", "inventory", "users",   "telemetry", "$JS.API",
                                 "_INBOX", "svc",      "events",    "billing", "audit",     "$KV"};
  static const char* kRegions[] = {"us", "eu", "ap", "sa", "af", "me"};
  static const char* kEntities[] = {"order", "item", "invoice", "account", "session", "device", "stream", "bucket"};
  static const char* kActions[] = {"created", "updated", "deleted", "get", "put", "list", "info", "ack"};
  std::mt19937 rng(seed);
  const size_t tenants = std::max<size_t>(n / 20, 10);
  std::vector<std::string> out;
  out.reserve(n);
  while (out.size() < n) {
    if (!out.empty() && rng() % 100 < 5) {  // a copy of an earlier entry
      out.push_back(out[rng() % out.size()]);
      continue;
    }
    std::vector<std::string> tokens = {kRoots[rng() % 12],   kRegions[rng() % 6], "t" + std::to_string(rng() % tenants),
                                       kEntities[rng() % 8], kActions[rng() % 8], "id" + std::to_string(rng() % 1000)};
    tokens.resize(3 + rng() % 4);  // 3..6 tokens
    const size_t roll = rng() % 100;
    if (roll < 10) {
      // A wildcard token from the tenant on: "orders.eu.*.order.get".
      tokens[2 + rng() % (tokens.size() - 2)] = "*";
    } else if (roll < 16 && tokens.size() >= 4) {
      // A subtree grant below a tenant: "orders.eu.t7.order.>".
      tokens.resize(4 + rng() % (tokens.size() - 3));
      tokens.back() = ">";
    }
    std::string subject;
    for (const std::string& t : tokens) {
      if (!subject.empty()) subject += '.';
      subject += t;
    }
    out.push_back(std::move(subject));
  }
  return out;
}

// The O(n^2) reference: FindRedundant's documented semantics (no queues),
// on pre-tokenized entries so that only the pairwise walk is measured.
std::vector<subjects::Redundant> BruteRedundant(const std::vector<std::string>& list) {
  std::vector<std::vector<std::string_view>> tokens;
  std::vector<bool> valid;
  for (const std::string& s : list) {
    tokens.push_back(subjects::Tokens(s));
    valid.push_back(subjects::Check(s).severity == subjects::Severity::kOk);
  }
  std::vector<subjects::Redundant> out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!valid[i]) continue;
    size_t first = i;
    for (size_t j = 0; j < i && first == i; ++j) {
      if (valid[j] && list[j] == list[i]) first = j;
    }
    if (first != i) {
      out.push_back({i, first, true});
      continue;
    }
    for (size_t j = 0; j < list.size(); ++j) {
      if (valid[j] && list[j] != list[i] && subjects::IsSubsetMatch(tokens[i], tokens[j])) {
        out.push_back({i, j, false});
        break;
      }
    }
  }
  return out;
}

double MedianMs(const std::function<size_t()>& work, size_t* result) {
  std::vector<double> ms;
  for (int run = 0; run < kRuns; ++run) {
    const auto start = std::chrono::steady_clock::now();
    *result = work();
    const auto end = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

bool Same(const std::vector<subjects::Redundant>& a, const std::vector<subjects::Redundant>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const subjects::Redundant& x, const subjects::Redundant& y) {
                      return x.index == y.index && x.covered_by == y.covered_by && x.duplicate == y.duplicate;
                    });
}

}  // namespace

int main() {
  std::printf("%-8s | %-18s | %9s | %12s | %11s\n", "n", "operation", "median ms", "ns per entry", "found");
  std::printf(
      "---------|--------------------|-----------|--------------|------"
      "------\n");
  bool agree = true;
  for (const size_t n : {size_t{1000}, size_t{10000}, size_t{100000}}) {
    const std::vector<std::string> list = Generate(n, 42);
    const auto row = [&](const char* name, double ms, size_t found) {
      std::printf("%-8zu | %-18s | %9.2f | %12.0f | %11zu\n", n, name, ms, ms * 1e6 / static_cast<double>(n), found);
    };
    size_t found = 0;
    double ms = MedianMs([&] { return subjects::FindRedundant(list, false).size(); }, &found);
    row("FindRedundant", ms, found);
    ms = MedianMs([&] { return subjects::FindConsolidatable(list, 5).size(); }, &found);
    row("FindConsolidatable", ms, found);
    if (n <= 10000) {
      ms = MedianMs([&] { return BruteRedundant(list).size(); }, &found);
      row("brute force n^2", ms, found);
      agree = agree && Same(subjects::FindRedundant(list, false), BruteRedundant(list));
    }
  }
  std::printf("\nFindRedundant == brute force at 1,000 and 10,000: %s\n", agree ? "yes" : "NO");

  // Short lists, as every user has them: 10,000 lists of n entries, the
  // pairwise path FindRedundant takes up to detail::kSmallList entries
  // against the trie it replaces there.
  std::printf("\n%-8s | %-18s | %9s | %12s | %11s\n", "n", "10,000 lists", "median ms", "ns per list", "found");
  std::printf(
      "---------|--------------------|-----------|--------------|------"
      "------\n");
  bool short_agree = true;
  for (const size_t n : {size_t{2}, size_t{4}, size_t{8}, size_t{16}}) {
    std::vector<std::vector<std::string>> lists;
    for (uint32_t k = 0; k < 10000; ++k) lists.push_back(Generate(n, k));
    const auto row = [&](const char* name, double ms, size_t found) {
      std::printf("%-8zu | %-18s | %9.2f | %12.0f | %11zu\n", n, name, ms, ms * 1e6 / static_cast<double>(lists.size()),
                  found);
    };
    const auto all = [&](const auto& find) {
      size_t found = 0;
      for (const auto& list : lists) found += find(list).size();
      return found;
    };
    size_t found = 0;
    double ms = MedianMs(
        [&] {
          return all([](const std::vector<std::string>& list) {
            return subjects::detail::FindRedundantPairwise(list, false);
          });
        },
        &found);
    row("pairwise", ms, found);
    ms = MedianMs(
        [&] {
          return all(
              [](const std::vector<std::string>& list) { return subjects::detail::FindRedundantTrie(list, false); });
        },
        &found);
    row("trie", ms, found);
    for (const auto& list : lists) {
      short_agree = short_agree && Same(subjects::detail::FindRedundantPairwise(list, false),
                                        subjects::detail::FindRedundantTrie(list, false));
    }
  }
  std::printf("\npairwise == trie on the short lists: %s\n", short_agree ? "yes" : "NO");
  agree = agree && short_agree;
  return agree ? EXIT_SUCCESS : EXIT_FAILURE;
}
