// Permission lists as subject sets: allow minus deny, compared with the
// subject algebra (nats-server isSubsetMatch), so that a reordering or a
// consolidation covering the same subjects is no change.
#include <string_view>
#include <vector>

#include "lint/base/subjects.h"
#include "lint/diff/diff.h"

namespace nsclint::diff {
namespace {

// "subject" or "subject queue": the subject part and the queue.
struct Entry {
  std::string_view subject, queue;
};

Entry Split(std::string_view text) {
  const size_t space = text.find(' ');
  if (space == std::string_view::npos) return {text, {}};
  return {text.substr(0, space), text.substr(space + 1)};
}

// Entry `a` grants nothing that `b` does not: its subjects are inside b's,
// and b has no queue or the same one (a queue subscription is narrower).
bool EntryInside(std::string_view a, std::string_view b) {
  const Entry ea = Split(a), eb = Split(b);
  return subjects::IsSubsetMatch(ea.subject, eb.subject) && (eb.queue.empty() || eb.queue == ea.queue);
}

bool CoveredByAny(std::string_view entry, const std::vector<std::string>& list) {
  for (const auto& other : list) {
    if (EntryInside(entry, other)) return true;
  }
  return false;
}

bool AllowsEverything(const SubjectSet& s) {
  if (s.all_allowed) return true;
  for (const auto& a : s.allow) {
    if (Split(a).subject == ">" && Split(a).queue.empty()) return true;
  }
  return false;
}

}  // namespace

bool PatternsIntersect(std::string_view a, std::string_view b) {
  const auto ta = subjects::Tokens(Split(a).subject);
  const auto tb = subjects::Tokens(Split(b).subject);
  size_t i = 0;
  for (; i < ta.size() && i < tb.size(); ++i) {
    if (ta[i] == ">" || tb[i] == ">") return true;
    if (ta[i] == "*" || tb[i] == "*") continue;
    if (ta[i] != tb[i]) return false;
  }
  // One ran out: equal lengths match; a longer side matches only through a '>'
  // (handled above), never through a missing token.
  return ta.size() == tb.size();
}

bool SetInside(const SubjectSet& a, const SubjectSet& b) {
  if (AllowsEverything(a)) {
    // Everything but a's denials must be allowed by b: b allows everything,
    // and each of b's denials is denied by a as well.
    if (!AllowsEverything(b)) return false;
    for (const auto& d : b.deny) {
      if (!CoveredByAny(d, a.deny)) return false;
    }
    return true;
  }
  for (const auto& entry : a.allow) {
    if (CoveredByAny(entry, a.deny)) continue;  // grants nothing
    if (!AllowsEverything(b) && !CoveredByAny(entry, b.allow)) return false;
    // Subjects of `entry` that b denies must be denied by a too.
    for (const auto& d : b.deny) {
      if (!PatternsIntersect(entry, d)) continue;
      if (!CoveredByAny(d, a.deny)) return false;
    }
  }
  return true;
}

}  // namespace nsclint::diff
