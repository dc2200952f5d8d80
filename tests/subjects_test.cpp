// Subject algebra: the examples of reference §9 and the hygiene spec
// (NL202-NL204), plus property tests against brute-force definitions.
#include "lint/base/subjects.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace nsclint::subjects {
namespace {

using Strings = std::vector<std::string>;

std::vector<std::string> Copy(const std::vector<std::string_view>& views) {
  return {views.begin(), views.end()};
}

TEST(SubjectsTokens, SplitsLikeGo) {
  EXPECT_EQ(Copy(Tokens("a.b.c")), (Strings{"a", "b", "c"}));
  EXPECT_EQ(Copy(Tokens("foo")), (Strings{"foo"}));
  EXPECT_EQ(Copy(Tokens("")), (Strings{""}));
  EXPECT_EQ(Copy(Tokens("a.")), (Strings{"a", ""}));
  EXPECT_EQ(Copy(Tokens(".a")), (Strings{"", "a"}));
  EXPECT_EQ(Copy(Tokens("a..b")), (Strings{"a", "", "b"}));
}

struct CheckCase {
  std::string subject;
  Severity severity;
  std::string why;
};

TEST(SubjectsCheck, ReportsTheFirstProblem) {
  const std::vector<CheckCase> cases = {
      {"foo", Severity::kOk, ""},
      {"orders.us.>", Severity::kOk, ""},
      {"*.*", Severity::kOk, ""},
      {">", Severity::kOk, ""},
      {"$SYS.REQ.CLAIMS.*", Severity::kOk, ""},
      {"$SYS.REQ.CLAIMS.*.", Severity::kError, "has an empty token (trailing '.')"},
      {"a..b", Severity::kError, "has an empty token ('..')"},
      {".a", Severity::kError, "has an empty token (leading '.')"},
      {".", Severity::kError, "has an empty token (leading '.')"},
      {"a.>.b", Severity::kError, "'>' is not the last token"},
      {">.a", Severity::kError, "'>' is not the last token"},
      {"a b", Severity::kError, "contains whitespace"},
      {"", Severity::kError, "is empty"},
      {"a\tb", Severity::kError, "contains whitespace"},
      {"a.b\n", Severity::kError, "contains whitespace"},
      {"a\rb", Severity::kError, "contains whitespace"},
      {"a\fb", Severity::kError, "contains whitespace"},
      {"foo*", Severity::kWarning, "'*' inside the token 'foo*' is a literal character, not a wildcard"},
      {"a.b>c", Severity::kWarning, "'>' inside the token 'b>c' is a literal character, not a wildcard"},
      {"a.**.c", Severity::kWarning, "'*' inside the token '**' is a literal character, not a wildcard"},
      // An error anywhere wins over an earlier in-token wildcard.
      {"foo*.>.x", Severity::kError, "'>' is not the last token"},
  };
  for (const CheckCase& c : cases) {
    const Validity v = Check(c.subject);
    EXPECT_EQ(v.severity, c.severity) << "'" << c.subject << "'";
    EXPECT_EQ(v.why, c.why) << "'" << c.subject << "'";
  }
}

TEST(SubjectsEntry, SubEntriesMayHaveOneQueue) {
  Entry e = ParseSubEntry("orders.> workers");
  EXPECT_TRUE(e.ok);
  EXPECT_EQ(e.subject, "orders.>");
  EXPECT_EQ(e.queue, "workers");
  EXPECT_EQ(e.why, "");

  e = ParseSubEntry("orders.>");
  EXPECT_TRUE(e.ok);
  EXPECT_EQ(e.subject, "orders.>");
  EXPECT_EQ(e.queue, "");

  e = ParseSubEntry("a b c");
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.why,
            "has more than one space (an entry is 'subject' or 'subject "
            "queue')");
  EXPECT_FALSE(ParseSubEntry("a  b").ok);

  e = ParseSubEntry("foo ");
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.why, "ends with a space (the queue name after it is empty)");
  e = ParseSubEntry(" foo");
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.why, "starts with a space (the subject before the queue is empty)");

  // Only ' ' separates a queue; a tab is the subject's problem (Check).
  e = ParseSubEntry("a\tb");
  EXPECT_TRUE(e.ok);
  EXPECT_EQ(Check(e.subject).why, "contains whitespace");
}

TEST(SubjectsEntry, PubEntriesHaveNoQueue) {
  Entry e = ParsePubEntry("orders.> workers");
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.why, "has a queue ('workers'), which a publish permission cannot have");
  EXPECT_TRUE(ParsePubEntry("orders.>").ok);
  EXPECT_FALSE(ParsePubEntry("a b c").ok);
}

TEST(SubjectsWildcards, WholeTokensOnly) {
  EXPECT_TRUE(HasWildcards("*"));
  EXPECT_TRUE(HasWildcards(">"));
  EXPECT_TRUE(HasWildcards("*.a"));
  EXPECT_TRUE(HasWildcards("a.*.b"));
  EXPECT_TRUE(HasWildcards("a.*"));
  EXPECT_TRUE(HasWildcards("a.>"));
  EXPECT_TRUE(HasWildcards("a.>.b"));  // invalid, but a wildcard token
  EXPECT_FALSE(HasWildcards("foo*"));
  EXPECT_FALSE(HasWildcards("a.b>c"));
  EXPECT_FALSE(HasWildcards("orders.us"));
  EXPECT_FALSE(HasWildcards(""));
}

TEST(SubjectsSubset, ReferenceExamples) {
  EXPECT_TRUE(IsSubsetMatch("orders.us.>", "orders.>"));
  EXPECT_TRUE(IsSubsetMatch("orders.*", "orders.>"));
  EXPECT_TRUE(IsSubsetMatch("a.b", "a.*"));
  EXPECT_FALSE(IsSubsetMatch("orders.*", "orders.us.>"));
  EXPECT_FALSE(IsSubsetMatch("orders.us.>", "orders.*"));
  EXPECT_FALSE(IsSubsetMatch("foo", "foo.>"));
  EXPECT_FALSE(IsSubsetMatch("foo.>", "foo"));
  EXPECT_TRUE(IsSubsetMatch("foo.>", ">"));
  EXPECT_FALSE(IsSubsetMatch(">", "foo.>"));
  EXPECT_TRUE(IsSubsetMatch("*", ">"));
  EXPECT_FALSE(IsSubsetMatch(">", "*"));
  EXPECT_TRUE(IsSubsetMatch(">", ">"));
  EXPECT_TRUE(IsSubsetMatch("*", "*"));
  EXPECT_FALSE(IsSubsetMatch("*", "foo"));
  EXPECT_TRUE(IsSubsetMatch("foo", "*"));
  EXPECT_FALSE(IsSubsetMatch("foo.>", "foo.*"));  // strict, unlike jwt
  EXPECT_TRUE(IsSubsetMatch("foo.*", "foo.>"));
  EXPECT_TRUE(IsSubsetMatch("a.*.c", "a.*.*"));
  EXPECT_FALSE(IsSubsetMatch("a.*.*", "a.*.c"));
  EXPECT_FALSE(IsSubsetMatch("a.b", "a.b.c"));
  EXPECT_TRUE(IsSubsetMatch("a.b", "a.b"));
}

TEST(SubjectsContained, JwtLeniency) {
  EXPECT_TRUE(IsContainedIn("foo.>", "foo.*"));  // lenient
  EXPECT_TRUE(IsContainedIn("foo.*", "foo.>"));
  EXPECT_FALSE(IsContainedIn("foo", "foo.>"));
  EXPECT_FALSE(IsContainedIn(">", "foo.>"));
  EXPECT_TRUE(IsContainedIn("foo.>", ">"));
  EXPECT_TRUE(IsContainedIn("a.b.c", "a.>"));
  EXPECT_FALSE(IsContainedIn("a.b.c", "a.*"));
  EXPECT_TRUE(IsContainedIn("a.b", "a.b"));
  EXPECT_TRUE(IsContainedIn("*", "*"));
  EXPECT_FALSE(IsContainedIn("a", "b"));
}

// Random texts over the characters that matter to the subject functions,
// valid or not: empty tokens, in-token wildcards, whitespace.
std::string RandomText(std::mt19937& rng) {
  static const char* kPieces[] = {"a", "b", "*", ">", ".", ".", "ab", "a*", " ", "\t", "\r", "\f"};
  std::string out;
  const size_t n = rng() % 7;
  for (size_t i = 0; i < n; ++i) out += kPieces[rng() % 12];
  return out;
}

// Check() as first written, on Tokens(): the reference for the scan that
// does not build a token vector.
Validity ReferenceCheck(std::string_view subject) {
  if (subject.empty()) return {Severity::kError, "is empty"};
  if (subject.find_first_of(" \t\n\r\f") != std::string_view::npos) {
    return {Severity::kError, "contains whitespace"};
  }
  if (subject.front() == '.') return {Severity::kError, "has an empty token (leading '.')"};
  if (subject.back() == '.') return {Severity::kError, "has an empty token (trailing '.')"};
  if (subject.find("..") != std::string_view::npos) return {Severity::kError, "has an empty token ('..')"};
  const std::vector<std::string_view> tokens = Tokens(subject);
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i] == ">") return {Severity::kError, "'>' is not the last token"};
  }
  for (const std::string_view token : tokens) {
    if (token.size() < 2) continue;
    const size_t at = token.find_first_of("*>");
    if (at == std::string_view::npos) continue;
    return {Severity::kWarning, "'" + std::string(1, token[at]) + "' inside the token '" + std::string(token) +
                                    "' is a literal character, not a wildcard"};
  }
  return {};
}

TEST(SubjectsText, ScansAgreeWithTokenVectors) {
  std::mt19937 rng(31);
  for (int round = 0; round < 20000; ++round) {
    const std::string s = RandomText(rng);
    const std::string t = RandomText(rng);
    const Validity v = Check(s);
    const Validity ref = ReferenceCheck(s);
    EXPECT_EQ(v.severity, ref.severity) << "'" << s << "'";
    EXPECT_EQ(v.why, ref.why) << "'" << s << "'";
    bool wildcard = false;
    for (const std::string_view token : Tokens(s)) wildcard = wildcard || token == "*" || token == ">";
    EXPECT_EQ(HasWildcards(s), wildcard) << "'" << s << "'";
    const auto st = Tokens(s);
    const auto tt = Tokens(t);
    EXPECT_EQ(IsSubsetMatch(s, t), IsSubsetMatch(std::span<const std::string_view>(st), tt))
        << "'" << s << "' in '" << t << "'";
  }
}

// Reference semantics: does pattern `p` match the concrete subject `x`?
bool Matches(const std::vector<std::string_view>& p, const std::vector<std::string>& x) {
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == ">") return x.size() > i;
    if (i >= x.size()) return false;
    if (p[i] != "*" && p[i] != x[i]) return false;
  }
  return p.size() == x.size();
}

// Random valid patterns over tokens {a, b, *} (and a trailing >).
std::string RandomPattern(std::mt19937& rng, size_t max_tokens) {
  const char* kTokens[] = {"a", "b", "*"};
  const size_t n = 1 + rng() % max_tokens;
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += '.';
    out += (i + 1 == n && rng() % 4 == 0) ? ">" : kTokens[rng() % 3];
  }
  return out;
}

TEST(SubjectsSubset, AgreesWithSetInclusion) {
  // Every concrete subject of 1..5 tokens over {a, b, z}: enough to witness
  // any non-inclusion between patterns of at most 3 tokens.
  std::vector<std::vector<std::string>> universe{{}};
  std::vector<std::vector<std::string>> all;
  for (int len = 1; len <= 5; ++len) {
    std::vector<std::vector<std::string>> next;
    for (const auto& prefix : universe) {
      for (const char* t : {"a", "b", "z"}) {
        next.push_back(prefix);
        next.back().push_back(t);
      }
    }
    universe = next;
    all.insert(all.end(), next.begin(), next.end());
  }
  std::mt19937 rng(7);
  for (int round = 0; round < 3000; ++round) {
    const std::string s = RandomPattern(rng, 3);
    const std::string t = RandomPattern(rng, 3);
    const auto st = Tokens(s);
    const auto tt = Tokens(t);
    bool included = true;
    for (const auto& x : all) {
      if (Matches(st, x) && !Matches(tt, x)) {
        included = false;
        break;
      }
    }
    EXPECT_EQ(IsSubsetMatch(s, t), included) << s << " in " << t;
  }
}

// Compact rendering of FindRedundant output for readable expectations:
// "index<covered_by" or "index=first" for duplicates.
std::vector<std::string> Render(const std::vector<Redundant>& found) {
  std::vector<std::string> out;
  for (const Redundant& r : found) {
    out.push_back(std::to_string(r.index) + (r.duplicate ? "=" : "<") + std::to_string(r.covered_by));
  }
  return out;
}

std::vector<std::string> Redundants(const Strings& list, bool queues = false) {
  return Render(FindRedundant(list, queues));
}

TEST(SubjectsRedundant, SpecExamples) {
  EXPECT_EQ(Redundants({"orders.>", "orders.us.>"}), (Strings{"1<0"}));
  EXPECT_EQ(Redundants({"orders.us.>", "orders.>"}), (Strings{"0<1"}));
  EXPECT_EQ(Redundants({"orders.*", "orders.>"}), (Strings{"0<1"}));
  EXPECT_EQ(Redundants({"a.*", "a.b"}), (Strings{"1<0"}));
  EXPECT_EQ(Redundants({"orders.*", "orders.us.>"}), Strings{});
  EXPECT_EQ(Redundants({"orders.us.>", "orders.*"}), Strings{});
  EXPECT_EQ(Redundants({"foo", "foo.>"}), Strings{});
  EXPECT_EQ(Redundants({"foo.>", ">"}), (Strings{"0<1"}));
  EXPECT_EQ(Redundants({"*", ">"}), (Strings{"0<1"}));
  EXPECT_EQ(Redundants({">", "*"}), (Strings{"1<0"}));
  EXPECT_EQ(Redundants({"foo.>", "foo.*"}), (Strings{"1<0"}));
}

TEST(SubjectsRedundant, DuplicatesOncePerExtraCopy) {
  EXPECT_EQ(Redundants({"a.b", "x", "a.b", "a.b"}), (Strings{"2=0", "3=0"}));
  // A later copy is a duplicate of the first copy, even when a wildcard
  // earlier in the list also covers it.
  EXPECT_EQ(Redundants({"a.>", "a.b", "a.b"}), (Strings{"1<0", "2=1"}));
  // Several covers: the lowest index is named.
  EXPECT_EQ(Redundants({"a.b.c", "a.*.c", "a.>", ">"}), (Strings{"0<1", "1<2", "2<3"}));
}

TEST(SubjectsRedundant, Queues) {
  EXPECT_EQ(Redundants({"foo q", "foo"}, true), (Strings{"0<1"}));
  EXPECT_EQ(Redundants({"foo", "foo q"}, true), (Strings{"1<0"}));
  EXPECT_EQ(Redundants({"foo q", "foo q"}, true), (Strings{"1=0"}));
  EXPECT_EQ(Redundants({"foo q", "foo r"}, true), Strings{});
  EXPECT_EQ(Redundants({"foo.* q", "foo.a q", "foo.b r"}, true), (Strings{"1<0"}));
  EXPECT_EQ(Redundants({"foo.a q", "foo.> r", ">"}, true), (Strings{"0<2", "1<2"}));
  EXPECT_EQ(Redundants({"foo.> q", "foo.>"}, true), (Strings{"0<1"}));
  // Without queues allowed, "foo q" is an invalid subject: ignored.
  EXPECT_EQ(Redundants({"foo q", "foo"}, false), Strings{});
}

TEST(SubjectsRedundant, InvalidEntriesAreIgnored) {
  EXPECT_EQ(Redundants({"a..b", "a.>", "a.>.b", "a.b*", "", "a b c"}, true), Strings{});
  EXPECT_EQ(Redundants({"$SYS.REQ.CLAIMS.*.", "$SYS.>"}), Strings{});
  EXPECT_EQ(Redundants({"x", "x", "a..b", "a..b"}), (Strings{"1=0"}));
}

// O(n^2) reference with the documented semantics.
std::vector<Redundant> BruteRedundant(const Strings& list, bool queues) {
  struct Parsed {
    bool valid;
    std::string_view subject, queue;
  };
  std::vector<Parsed> parsed;
  for (const std::string& text : list) {
    Entry use;
    use.subject = text;
    if (queues) use = ParseSubEntry(text);
    parsed.push_back({use.ok && Check(use.subject).severity == Severity::kOk, use.subject, use.queue});
  }
  std::vector<Redundant> out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!parsed[i].valid) continue;
    size_t first = i;
    for (size_t j = 0; j < i; ++j) {
      if (parsed[j].valid && list[j] == list[i]) {
        first = j;
        break;
      }
    }
    if (first != i) {
      out.push_back({i, first, true});
      continue;
    }
    for (size_t j = 0; j < list.size(); ++j) {
      if (!parsed[j].valid || list[j] == list[i]) continue;
      const bool queue_ok = parsed[j].queue.empty() || parsed[j].queue == parsed[i].queue;
      if (queue_ok && IsSubsetMatch(parsed[i].subject, parsed[j].subject)) {
        out.push_back({i, j, false});
        break;
      }
    }
  }
  return out;
}

TEST(SubjectsRedundant, AgreesWithBruteForce) {
  std::mt19937 rng(20240611);
  const char* kTokens[] = {"a", "b", "c", "*", "*", ">", "", "d*"};
  const char* kQueues[] = {"q", "r"};
  size_t reported = 0;
  for (int round = 0; round < 4000; ++round) {
    const bool queues = round % 2 == 1;
    Strings list(1 + rng() % 24);
    for (std::string& entry : list) {
      if (&entry != &list[0] && rng() % 6 == 0) {
        entry = list[rng() % (&entry - &list[0])];  // a duplicate
        continue;
      }
      const size_t n = 1 + rng() % 4;
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) entry += '.';
        // Mostly valid tokens; '' and 'd*' and inner '>' make invalid ones.
        const size_t pick = rng() % 100;
        entry += pick < 90 ? kTokens[pick % 6] : kTokens[5 + pick % 3];
      }
      if (queues && rng() % 3 == 0) {
        entry += std::string(" ") + kQueues[rng() % 2];
      }
    }
    const auto fast = Render(FindRedundant(list, queues));
    const auto brute = Render(BruteRedundant(list, queues));
    ASSERT_EQ(fast, brute) << "round " << round;
    reported += fast.size();
  }
  EXPECT_GT(reported, 10000u);  // the generator exercises real coverage
}

TEST(SubjectsRedundant, LongListsAreNotQuadratic) {
  // 20,000 copies and 20,000 entries under one wildcard: ~1.6e9 pair
  // comparisons for a quadratic implementation, milliseconds for the trie.
  Strings list;
  for (int i = 0; i < 20000; ++i) list.push_back("same.subject");
  list.push_back("orders.>");
  for (int i = 0; i < 20000; ++i) {
    list.push_back("orders.r" + std::to_string(i) + ".*");
  }
  const auto found = FindRedundant(list, false);
  ASSERT_EQ(found.size(), 39999u);
  EXPECT_EQ(found.back().covered_by, 20000u);
}

std::vector<std::string> Render(const std::vector<Group>& groups) {
  std::vector<std::string> out;
  for (const Group& g : groups) {
    std::string line = g.prefix + ":";
    for (size_t i : g.indexes) line += " " + std::to_string(i);
    out.push_back(line);
  }
  return out;
}

TEST(SubjectsConsolidatable, FiveFireFourDoNot) {
  const Strings four = {"o.a", "o.b", "o.c", "o.d"};
  EXPECT_EQ(Render(FindConsolidatable(four, 5)), Strings{});
  Strings five = four;
  five.push_back("o.e");
  EXPECT_EQ(Render(FindConsolidatable(five, 5)), (Strings{"o: 0 1 2 3 4"}));
}

TEST(SubjectsConsolidatable, OnlyValidDistinctLiterals) {
  const Strings list = {"svc.v1.get", "x",          "svc.v1.put", "svc.v1.*", "svc.v1.del",  "svc.v1.get",
                        "svc.v1 q",   "svc.v1.a.b", "svc.v1.x*",  "svc.v1.",  "svc.v1.list", "svc.v2.get",
                        "a.b",        "a.c",        "svc.v1.>",   "a.d",      "svc.v1.head"};
  // svc.v1: get put del list head (the copy of get, the wildcards, the queue,
  // the deeper, the in-token wildcard and the trailing-dot entry do not
  // count).
  EXPECT_EQ(Render(FindConsolidatable(list, 5)), (Strings{"svc.v1: 0 2 4 10 16"}));
  EXPECT_EQ(Render(FindConsolidatable(list, 3)), (Strings{"svc.v1: 0 2 4 10 16", "a: 12 13 15"}));
  EXPECT_EQ(Render(FindConsolidatable(list, 6)), Strings{});
}

TEST(SubjectsConsolidatable, GroupsSortedByFirstIndex) {
  const Strings list = {"b.1", "a.1", "b.2", "a.2", "c.d.1", "c.d.2"};
  EXPECT_EQ(Render(FindConsolidatable(list, 2)), (Strings{"b: 0 2", "a: 1 3", "c.d: 4 5"}));
}

// Lists for the strategy tests: few distinct tokens so that covers, copies
// and shared prefixes are common; some invalid entries and queues.
Strings RandomList(std::mt19937& rng, size_t n, bool queues) {
  const char* kTokens[] = {"a", "b", "c", "*", ">", "d*"};
  Strings list(n);
  for (size_t k = 0; k < n; ++k) {
    std::string& entry = list[k];
    if (k > 0 && rng() % 5 == 0) {
      entry = list[rng() % k];
      continue;
    }
    const size_t tokens = 1 + rng() % 4;
    for (size_t i = 0; i < tokens; ++i) {
      if (i > 0) entry += '.';
      const size_t pick = rng() % 100;
      entry += pick < 70 ? kTokens[pick % 3] : pick < 95 ? kTokens[3 + pick % 2] : kTokens[5];
    }
    if (queues && rng() % 3 == 0) entry += rng() % 2 ? " q" : " r";
  }
  return list;
}

TEST(SubjectsStrategies, PairwiseAgreesWithTrieAroundTheCutOver) {
  std::mt19937 rng(5);
  size_t reported = 0;
  for (size_t n = 0; n <= 2 * detail::kSmallList + 4; ++n) {
    for (int round = 0; round < 300; ++round) {
      const bool queues = round % 2 == 1;
      const Strings list = RandomList(rng, n, queues);
      const auto pairwise = Render(detail::FindRedundantPairwise(list, queues));
      ASSERT_EQ(pairwise, Render(detail::FindRedundantTrie(list, queues))) << "n " << n << " round " << round;
      ASSERT_EQ(Render(FindRedundant(list, queues)), pairwise) << "n " << n << " round " << round;
      reported += pairwise.size();
    }
  }
  EXPECT_GT(reported, 10000u);
}

TEST(SubjectsStrategies, LinearAgreesWithHashedAroundTheCutOver) {
  std::mt19937 rng(6);
  size_t grouped = 0;
  for (size_t n = 0; n <= 2 * detail::kSmallList + 4; ++n) {
    for (int round = 0; round < 300; ++round) {
      const Strings list = RandomList(rng, n, round % 2 == 1);
      for (const size_t min_group : {size_t{0}, size_t{1}, size_t{2}, size_t{3}, size_t{5}}) {
        const auto linear = Render(detail::FindConsolidatableLinear(list, min_group));
        ASSERT_EQ(linear, Render(detail::FindConsolidatableHashed(list, min_group)))
            << "n " << n << " round " << round << " min " << min_group;
        ASSERT_EQ(Render(FindConsolidatable(list, min_group)), linear)
            << "n " << n << " round " << round << " min " << min_group;
        grouped += linear.size();
      }
    }
  }
  EXPECT_GT(grouped, 1000u);
}

}  // namespace
}  // namespace nsclint::subjects
