#include "lint/base/subjects.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace nsclint::subjects {
namespace {

constexpr size_t kNoIndex = std::numeric_limits<size_t>::max();
constexpr uint32_t kNoNode = std::numeric_limits<uint32_t>::max();

bool IsStar(std::string_view token) {
  return token == "*";
}
bool IsGt(std::string_view token) {
  return token == ">";
}

// Walks the tokens of a subject like Tokens() without building a vector:
// "" has one empty token, "a." has "a" and "".
class TokenCursor {
 public:
  explicit TokenCursor(std::string_view subject) : rest_(subject) {}
  bool Next(std::string_view* token) {
    if (done_) return false;
    const size_t dot = rest_.find('.');
    if (dot == std::string_view::npos) {
      *token = rest_;
      done_ = true;
    } else {
      *token = rest_.substr(0, dot);
      rest_.remove_prefix(dot + 1);
    }
    return true;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

Entry ParseEntry(std::string_view text, bool allow_queue) {
  Entry entry;
  entry.subject = text;
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) return entry;
  if (text.find(' ', space + 1) != std::string_view::npos) {
    entry.ok = false;
    entry.why = "has more than one space (an entry is 'subject' or 'subject queue')";
    return entry;
  }
  entry.subject = text.substr(0, space);
  entry.queue = text.substr(space + 1);
  entry.ok = false;
  if (entry.subject.empty()) {
    entry.why = "starts with a space (the subject before the queue is empty)";
  } else if (entry.queue.empty()) {
    entry.why = "ends with a space (the queue name after it is empty)";
  } else if (!allow_queue) {
    entry.why = "has a queue ('" + std::string(entry.queue) + "'), which a publish permission cannot have";
  } else {
    entry.ok = true;
  }
  return entry;
}

// Hash of (integer, string_view) keys for the trie's flat maps.
struct Key {
  uint64_t id;
  std::string_view text;
  bool operator==(const Key&) const = default;
};
struct KeyHash {
  size_t operator()(const Key& key) const {
    const size_t h = std::hash<std::string_view>{}(key.text);
    return h ^ (std::hash<uint64_t>{}(key.id) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
  }
};

// A trie of the distinct entries of one list. Each node is a token path; a
// pattern ends either exactly at a node ("exact") or as node path + '>'
// ("rest"). Literal children and queued ends live in two hash maps keyed by
// node id so that a node costs a few words.
class CoverTrie {
 public:
  CoverTrie() { nodes_.emplace_back(); }

  void Insert(std::span<const std::string_view> tokens, std::string_view queue, size_t index) {
    uint32_t node = 0;
    Lower(node, index);
    size_t end = tokens.size();
    const bool rest = end > 0 && IsGt(tokens[end - 1]);
    if (rest) --end;
    for (size_t i = 0; i < end; ++i) {
      node = Child(node, tokens[i]);
      Lower(node, index);
    }
    if (queue.empty()) {
      size_t& any = rest ? nodes_[node].rest_any : nodes_[node].exact_any;
      any = std::min(any, index);
    } else {
      queued_.try_emplace(Key{QueuedId(node, rest), queue}, index);
    }
  }

  // Lowest index of an inserted entry, other than the identical one, that
  // covers (tokens, queue); kNoIndex if none. Iterative: hostile subjects
  // may have very many tokens.
  size_t LowestCover(std::span<const std::string_view> s, std::string_view queue) const {
    size_t best = kNoIndex;
    struct Step {
      uint32_t node;
      size_t pos;
      bool same;  // the node's path equals s[0, pos)
    };
    std::vector<Step> stack{{0, 0, true}};
    while (!stack.empty()) {
      const Step step = stack.back();
      stack.pop_back();
      const Node& node = nodes_[step.node];
      if (node.min_below >= best) continue;  // nothing lower down here
      if (step.pos < s.size()) {
        // path + '>' covers s whatever s holds from here on.
        Consider(step.node, true, step.same && IsGt(s[step.pos]), queue, best);
      } else {
        Consider(step.node, false, step.same, queue, best);
        continue;
      }
      const std::string_view token = s[step.pos];
      if (IsGt(token)) continue;  // only a '>' of the pattern covers '>'
      if (IsStar(token)) {
        if (node.star != kNoNode) {
          stack.push_back({node.star, step.pos + 1, step.same});
        }
        continue;
      }
      if (node.star != kNoNode) stack.push_back({node.star, step.pos + 1, false});
      const auto child = children_.find(Key{step.node, token});
      if (child != children_.end()) {
        stack.push_back({child->second, step.pos + 1, step.same});
      }
    }
    return best;
  }

 private:
  struct Node {
    uint32_t star = kNoNode;
    size_t exact_any = kNoIndex;  // the entry ending here without a queue
    size_t rest_any = kNoIndex;   // the entry "path.>" without a queue
    size_t min_below = kNoIndex;  // lowest index of any entry at or below
  };

  static uint64_t QueuedId(uint32_t node, bool rest) { return uint64_t{node} * 2 + (rest ? 1 : 0); }

  void Lower(uint32_t node, size_t index) { nodes_[node].min_below = std::min(nodes_[node].min_below, index); }

  uint32_t Child(uint32_t node, std::string_view token) {
    const auto next = static_cast<uint32_t>(nodes_.size());
    if (IsStar(token)) {
      if (nodes_[node].star != kNoNode) return nodes_[node].star;
      nodes_[node].star = next;
      nodes_.emplace_back();
      return next;
    }
    const auto [it, added] = children_.try_emplace(Key{node, token}, next);
    if (added) nodes_.emplace_back();
    return it->second;
  }

  // A pattern ending at `node` covers the query. `same`: it is the query's
  // own subject, so only a queue-less pattern covering a queued query counts
  // (the identical entry is a duplicate, not a cover).
  void Consider(uint32_t node, bool rest, bool same, std::string_view queue, size_t& best) const {
    const size_t any = rest ? nodes_[node].rest_any : nodes_[node].exact_any;
    if (!same || !queue.empty()) best = std::min(best, any);
    if (same || queue.empty() || queued_.empty()) return;
    const auto it = queued_.find(Key{QueuedId(node, rest), queue});
    if (it != queued_.end()) best = std::min(best, it->second);
  }

  std::vector<Node> nodes_;
  std::unordered_map<Key, uint32_t, KeyHash> children_;
  std::unordered_map<Key, size_t, KeyHash> queued_;
};

}  // namespace

std::vector<std::string_view> Tokens(std::string_view subject) {
  std::vector<std::string_view> tokens;
  tokens.reserve(static_cast<size_t>(std::count(subject.begin(), subject.end(), '.')) + 1);
  size_t start = 0;
  for (;;) {
    const size_t dot = subject.find('.', start);
    if (dot == std::string_view::npos) {
      tokens.push_back(subject.substr(start));
      return tokens;
    }
    tokens.push_back(subject.substr(start, dot - start));
    start = dot + 1;
  }
}

Validity Check(std::string_view subject) {
  if (subject.empty()) return {Severity::kError, "is empty"};
  // One pass for what the checks below look for, in their order of priority.
  bool whitespace = false, dot_dot = false, wildcard = false;
  char previous = '\0';
  for (const char c : subject) {
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\r':
      case '\f':
        whitespace = true;
        break;  // the server's set
      case '.':
        dot_dot = dot_dot || previous == '.';
        break;
      case '>':
      case '*':
        wildcard = true;
        break;
      default:
        break;
    }
    previous = c;
  }
  if (whitespace) {
    return {Severity::kError, "contains whitespace"};
  }
  if (subject.front() == '.') {
    return {Severity::kError, "has an empty token (leading '.')"};
  }
  if (subject.back() == '.') {
    return {Severity::kError, "has an empty token (trailing '.')"};
  }
  if (dot_dot) {
    return {Severity::kError, "has an empty token ('..')"};
  }
  // Two passes as the error ('>' not last) wins over the first warning.
  // Every subject of every list goes through here: no allocation when valid.
  if (!wildcard) return {};
  TokenCursor gt_cursor(subject);
  std::string_view token;
  bool last = !gt_cursor.Next(&token);
  while (!last) {
    const std::string_view current = token;
    last = !gt_cursor.Next(&token);
    if (!last && IsGt(current)) {
      return {Severity::kError, "'>' is not the last token"};
    }
  }
  TokenCursor cursor(subject);
  while (cursor.Next(&token)) {
    if (token.size() < 2) continue;
    const size_t at = token.find_first_of("*>");
    if (at == std::string_view::npos) continue;
    std::string why = "'";
    why += token[at];
    why += "' inside the token '";
    why += token;
    why += "' is a literal character, not a wildcard";
    return {Severity::kWarning, std::move(why)};
  }
  return {};
}

Entry ParseSubEntry(std::string_view text) {
  return ParseEntry(text, true);
}
Entry ParsePubEntry(std::string_view text) {
  return ParseEntry(text, false);
}

bool HasWildcards(std::string_view subject) {
  TokenCursor cursor(subject);
  std::string_view token;
  while (cursor.Next(&token)) {
    if (IsStar(token) || IsGt(token)) return true;
  }
  return false;
}

bool IsSubsetMatch(std::span<const std::string_view> s, std::span<const std::string_view> t) {
  // Mirrors isSubsetMatchTokenized, with whole-token wildcards throughout.
  for (size_t i = 0; i < t.size(); ++i) {
    if (i >= s.size()) return false;
    if (t[i].empty()) return false;
    if (IsGt(t[i])) return true;
    if (s[i].empty() || IsGt(s[i])) return false;
    if (IsStar(s[i])) {
      if (!IsStar(t[i])) return false;
      continue;
    }
    if (!IsStar(t[i]) && s[i] != t[i]) return false;
  }
  return s.size() == t.size();
}

bool IsSubsetMatch(std::string_view s, std::string_view t) {
  // The tokenized walk above, on the texts: no vectors.
  TokenCursor s_cursor(s);
  TokenCursor t_cursor(t);
  std::string_view s_token;
  std::string_view t_token;
  while (t_cursor.Next(&t_token)) {
    if (!s_cursor.Next(&s_token)) return false;
    if (t_token.empty()) return false;
    if (IsGt(t_token)) return true;
    if (s_token.empty() || IsGt(s_token)) return false;
    if (IsStar(s_token)) {
      if (!IsStar(t_token)) return false;
      continue;
    }
    if (!IsStar(t_token) && s_token != t_token) return false;
  }
  return !s_cursor.Next(&s_token);
}

bool IsContainedIn(std::string_view s, std::string_view o) {
  // Mirrors jwt v2 Subject.IsContainedIn, leniency included.
  const std::vector<std::string_view> mine = Tokens(s);
  const std::vector<std::string_view> other = Tokens(o);
  if (mine.size() > other.size() && !IsGt(other.back())) return false;
  if (mine.size() < other.size()) return false;
  for (size_t i = 0; i < other.size(); ++i) {
    if (i + 1 == other.size() && IsGt(other[i])) return true;
    if (other[i] != mine[i] && !IsStar(other[i])) return false;
  }
  return true;
}

namespace detail {
namespace {

// An entry of a list the redundancy strategies compare: sub lists take
// "subject queue" entries, others plain subjects. `valid` is false for what
// NL204 reports (an entry that does not parse, a subject Check() rejects);
// such entries cover nothing and are not covered.
struct ListEntry {
  std::string_view subject;
  std::string_view queue;
  bool valid = false;
};

ListEntry ReadListEntry(std::string_view text, bool allow_queues) {
  Entry entry;
  entry.subject = text;
  if (allow_queues) entry = ParseSubEntry(text);
  return {entry.subject, entry.queue, entry.ok && Check(entry.subject).severity == Severity::kOk};
}

// Per-entry scratch for a list: on the stack for lists of up to kSmallList
// entries (most permission lists), on the heap beyond.
template <typename T>
class Scratch {
 public:
  explicit Scratch(size_t n) {
    if (n > small_.size()) large_.resize(n);
    items_ = large_.empty() ? std::span<T>(small_).first(n) : std::span<T>(large_);
  }
  T& operator[](size_t i) { return items_[i]; }

 private:
  std::array<T, kSmallList> small_{};
  std::vector<T> large_;
  std::span<T> items_;
};

}  // namespace

std::vector<Redundant> FindRedundantPairwise(std::span<const std::string_view> list, bool allow_queues) {
  Scratch<ListEntry> parsed(list.size());
  for (size_t i = 0; i < list.size(); ++i) parsed[i] = ReadListEntry(list[i], allow_queues);
  std::vector<Redundant> out;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!parsed[i].valid) continue;
    size_t first = i;
    for (size_t j = 0; j < i && first == i; ++j) {
      if (parsed[j].valid && list[j] == list[i]) first = j;
    }
    if (first != i) {
      out.push_back({i, first, true});
      continue;
    }
    // With a single space the raw text identifies (subject, queue): an
    // identical entry is a copy, never a cover.
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

std::vector<Redundant> FindRedundantTrie(std::span<const std::string_view> list, bool allow_queues) {
  struct Item {
    size_t index;
    std::string_view queue;
    std::vector<std::string_view> tokens;
  };
  std::vector<Redundant> out;
  std::vector<Item> unique;
  // With a single space the raw text identifies (subject, queue).
  std::unordered_map<std::string_view, size_t> first_copy;
  first_copy.reserve(list.size());
  CoverTrie trie;
  for (size_t i = 0; i < list.size(); ++i) {
    const ListEntry entry = ReadListEntry(list[i], allow_queues);
    if (!entry.valid) continue;
    const auto [it, added] = first_copy.try_emplace(list[i], i);
    if (!added) {
      out.push_back({i, it->second, true});
      continue;
    }
    unique.push_back({i, entry.queue, Tokens(entry.subject)});
    trie.Insert(unique.back().tokens, entry.queue, i);
  }
  for (const Item& item : unique) {
    const size_t cover = trie.LowestCover(item.tokens, item.queue);
    if (cover != kNoIndex) out.push_back({item.index, cover, false});
  }
  std::sort(out.begin(), out.end(), [](const Redundant& a, const Redundant& b) { return a.index < b.index; });
  return out;
}

std::vector<Group> FindConsolidatableLinear(std::span<const std::string_view> list, size_t min_group) {
  min_group = std::max<size_t>(min_group, 2);
  // prefix[i]: all tokens but the last of a counted entry, empty otherwise
  // (a counted entry has a non-empty prefix).
  Scratch<std::string_view> prefix(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string_view subject = list[i];
    prefix[i] = {};
    if (Check(subject).severity != Severity::kOk || HasWildcards(subject)) {
      continue;
    }
    const size_t dot = subject.rfind('.');
    if (dot == std::string_view::npos) continue;
    bool copy = false;
    for (size_t j = 0; j < i && !copy; ++j) copy = list[j] == list[i];
    if (!copy) prefix[i] = subject.substr(0, dot);
  }
  std::vector<Group> groups;
  for (size_t i = 0; i < list.size(); ++i) {
    if (prefix[i].empty()) continue;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = prefix[j] == prefix[i];
    if (seen) continue;
    size_t count = 0;
    for (size_t j = i; j < list.size(); ++j) count += prefix[j] == prefix[i];
    if (count < min_group) continue;
    Group group{std::string(prefix[i]), {}};
    group.indexes.reserve(count);
    for (size_t j = i; j < list.size(); ++j) {
      if (prefix[j] == prefix[i]) group.indexes.push_back(j);
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

std::vector<Group> FindConsolidatableHashed(std::span<const std::string_view> list, size_t min_group) {
  // A "group" of one entry consolidates nothing.
  min_group = std::max<size_t>(min_group, 2);
  struct Pending {
    std::string_view prefix;
    std::vector<size_t> indexes;
  };
  std::vector<Pending> pending;  // in order of first index
  std::unordered_map<std::string_view, size_t> by_prefix;
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string_view subject = list[i];
    if (Check(subject).severity != Severity::kOk || HasWildcards(subject)) {
      continue;
    }
    const size_t dot = subject.rfind('.');
    if (dot == std::string_view::npos) continue;
    if (!seen.insert(subject).second) continue;
    const std::string_view prefix = subject.substr(0, dot);
    const auto [it, added] = by_prefix.try_emplace(prefix, pending.size());
    if (added) pending.push_back({prefix, {}});
    pending[it->second].indexes.push_back(i);
  }
  std::vector<Group> groups;
  for (Pending& group : pending) {
    if (group.indexes.size() < min_group) continue;
    groups.push_back({std::string(group.prefix), std::move(group.indexes)});
  }
  return groups;
}

}  // namespace detail

std::vector<Redundant> FindRedundant(std::span<const std::string_view> list, bool allow_queues) {
  // One entry has nothing to be redundant with.
  if (list.size() < 2) return {};
  return list.size() <= detail::kSmallList ? detail::FindRedundantPairwise(list, allow_queues)
                                           : detail::FindRedundantTrie(list, allow_queues);
}

std::vector<Group> FindConsolidatable(std::span<const std::string_view> list, size_t min_group) {
  // Fewer entries than a group (most permission lists): nothing to read.
  if (list.size() < std::max<size_t>(min_group, 2)) return {};
  return list.size() <= detail::kSmallList ? detail::FindConsolidatableLinear(list, min_group)
                                           : detail::FindConsolidatableHashed(list, min_group);
}

}  // namespace nsclint::subjects
