// Subject algebra: tokens, server validity, permission entries, coverage
// (nats-server isSubsetMatch, jwt IsContainedIn) and list-level redundancy.
// Used by the hygiene rules (NL202 redundant, NL203 consolidatable, NL204
// invalid) and by the import/export rules. Facts: reference §8 and §9.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nsclint::subjects {

/// Splits on '.', like Go's strings.Split: "" -> {""}, "a." -> {"a", ""}.
/// The views point into `subject`.
std::vector<std::string_view> Tokens(std::string_view subject);

enum class Severity { kOk, kWarning, kError };

/// `why` is user-facing and completes "subject 'x' ...", e.g. "is empty",
/// "contains whitespace", "has an empty token (trailing '.')",
/// "'>' is not the last token",
/// "'*' inside the token 'foo*' is a literal character, not a wildcard".
struct Validity {
  Severity severity = Severity::kOk;
  std::string why;
};

/// Server validity of a subject or pattern (IsValidSubject). kError for what
/// the server rejects: empty, whitespace (space, \t, \n, \r, \f), an empty
/// token, '>' not last. kWarning for a '*' or '>' inside a longer token: the
/// server reads it literally, which is almost always a mistake. The first
/// problem found is reported; errors win over warnings. The level to report
/// is the caller's (it depends on the list).
Validity Check(std::string_view subject);

/// A permission entry split at its single space: "subject" or
/// "subject queue". `ok` is false when jwt Validate() rejects the entry's
/// shape: more than one space, an empty part around the space, or (pub) any
/// queue. The subject's own validity is Check(subject)'s business.
struct Entry {
  std::string_view subject;
  std::string_view queue;
  bool ok = true;
  std::string why;
};
Entry ParseSubEntry(std::string_view text);
/// Same split; a queue makes the entry not ok (publish has no queues).
Entry ParsePubEntry(std::string_view text);

/// Any whole-token '*' or '>' (anywhere, unlike jwt HasWildCards).
bool HasWildcards(std::string_view subject);

/// nats-server isSubsetMatch(S, T): every subject matched by S is also
/// matched by T ("S inside T"). Exact for valid subjects: `orders.*` is in
/// `orders.>`, `foo` is not in `foo.>`, `>` is in `>` only.
bool IsSubsetMatch(std::string_view s, std::string_view t);
bool IsSubsetMatch(std::span<const std::string_view> s, std::span<const std::string_view> t);

/// jwt Subject.IsContainedIn(o): lenient (`foo.>` is "in" `foo.*`). Only to
/// mirror jwt Validate (e.g. overlapping exports); use IsSubsetMatch for
/// coverage.
bool IsContainedIn(std::string_view s, std::string_view o);

/// An entry of a list made redundant by another entry of the same list.
/// `duplicate`: an identical earlier entry exists and `covered_by` is the
/// first copy. Otherwise `covered_by` is the lowest index of an entry that
/// covers this one (IsSubsetMatch, and same queue or none).
struct Redundant {
  size_t index;
  size_t covered_by;
  bool duplicate;
};

/// Redundant entries of one permission list, sorted by index. With
/// `allow_queues` entries are parsed as sub entries ("foo q" is covered by
/// "foo" and by another "foo q"; "foo" is not covered by "foo q"); without,
/// each entry is a plain subject. Entries that do not parse or whose Check()
/// is not kOk are ignored (NL204 reports them). Lists of up to
/// detail::kSmallList entries (most user permissions) are compared pairwise
/// with no allocation; longer ones use a token trie: checking an entry visits
/// only the trie paths that can cover it, so long lists cost about
/// n * 2^(tokens) node visits, never n^2.
std::vector<Redundant> FindRedundant(std::span<const std::string_view> list, bool allow_queues);

/// `min_group` or more literal entries (valid, no wildcard token, no queue,
/// >= 2 tokens) that share all tokens but the last. Later copies of an
/// identical entry are not counted (they are duplicates, see FindRedundant).
struct Group {
  std::string prefix;           // all tokens but the last, joined with '.'
  std::vector<size_t> indexes;  // sorted
};

/// Groups sorted by their first index.
std::vector<Group> FindConsolidatable(std::span<const std::string_view> list, size_t min_group);

/// The strategies behind FindRedundant and FindConsolidatable. Each gives
/// the same result on any list; public so that tests and the benchmark can
/// hold them to each other on both sides of the cut-over.
namespace detail {
inline constexpr size_t kSmallList = 16;
std::vector<Redundant> FindRedundantPairwise(std::span<const std::string_view> list, bool allow_queues);
std::vector<Redundant> FindRedundantTrie(std::span<const std::string_view> list, bool allow_queues);
std::vector<Group> FindConsolidatableLinear(std::span<const std::string_view> list, size_t min_group);
std::vector<Group> FindConsolidatableHashed(std::span<const std::string_view> list, size_t min_group);
}  // namespace detail

/// The same for lists of std::string (tests, the benchmark): the model's
/// lists are views (PackedStrings).
namespace detail {
inline std::vector<std::string_view> Views(std::span<const std::string> list) {
  return {list.begin(), list.end()};
}
inline std::vector<Redundant> FindRedundantPairwise(std::span<const std::string> list, bool allow_queues) {
  return FindRedundantPairwise(Views(list), allow_queues);
}
inline std::vector<Redundant> FindRedundantTrie(std::span<const std::string> list, bool allow_queues) {
  return FindRedundantTrie(Views(list), allow_queues);
}
inline std::vector<Group> FindConsolidatableLinear(std::span<const std::string> list, size_t min_group) {
  return FindConsolidatableLinear(Views(list), min_group);
}
inline std::vector<Group> FindConsolidatableHashed(std::span<const std::string> list, size_t min_group) {
  return FindConsolidatableHashed(Views(list), min_group);
}
}  // namespace detail
inline std::vector<Redundant> FindRedundant(std::span<const std::string> list, bool allow_queues) {
  return FindRedundant(detail::Views(list), allow_queues);
}
inline std::vector<Group> FindConsolidatable(std::span<const std::string> list, size_t min_group) {
  return FindConsolidatable(detail::Views(list), min_group);
}

}  // namespace nsclint::subjects
