#include "rules/support/jwt_validate.h"

#include <algorithm>
#include <charconv>

#include "lint/base/go_compat.h"
#include "lint/base/subjects.h"

namespace nsclint::rules {
namespace {

constexpr size_t kMaxInfoLength = 8 * 1024;  // jwt MaxInfoLength

class Collector {
 public:
  void Add(std::string_view field, std::string text) {
    auto it = std::find_if(out_.begin(), out_.end(), [&](const FieldIssues& f) { return f.field == field; });
    if (it == out_.end()) it = out_.insert(out_.end(), FieldIssues{std::string(field), {}});
    if (std::find(it->texts.begin(), it->texts.end(), text) == it->texts.end()) it->texts.push_back(std::move(text));
  }
  std::vector<FieldIssues> Take() { return std::move(out_); }

 private:
  std::vector<FieldIssues> out_;
};

// Go's strconv.Atoi: an optional sign, then decimal digits, within int64.
std::optional<int64_t> Atoi(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  if (v > (negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1)) return std::nullopt;
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

// jwt Subject.countTokenWildcards.
int64_t CountTokenWildcards(std::string_view s) {
  if (s == "*") return 1;
  int64_t n = 0;
  for (std::string_view t : subjects::Tokens(s)) n += t == "*" ? 1 : 0;
  return n;
}

// The subject checks that reject on every library version: empty, a space.
bool PassesBasicSyntax(std::string_view s) {
  return !s.empty() && s.find(' ') == std::string_view::npos;
}

// jwt RenamingSubject.Validate's own checks (the subject checks it starts
// with are NL204's).
void RenamingChecks(std::string_view local, std::string_view from, Collector* c) {
  auto ends_in_gt = [](std::string_view s) { return s == ">" || s.ends_with(".>"); };
  if (ends_in_gt(local) != ends_in_gt(from)) {
    c->Add("local_subject", "both, renaming subject and subject, need to end or not end in >");
  }
  const int64_t from_count = CountTokenWildcards(from);
  int64_t refs = 0;
  for (std::string_view tk : subjects::Tokens(local)) {
    if (tk == "*") ++refs;
    if (tk.size() < 2 || tk[0] != '$') continue;
    if (auto idx = Atoi(tk.substr(1))) {
      if (*idx > from_count) {
        c->Add("local_subject", "Reference $" + std::to_string(*idx) + " in " + go::Quote(local) + " reference * in " +
                                    go::Quote(from) + " that do not exist");
      } else {
        ++refs;
      }
    }
  }
  if (refs != from_count) c->Add("local_subject", "subject does not contain enough * or reference wildcards $[0-9]");
}

void InfoChecks(std::string_view description, std::string_view info_url, Collector* c) {
  if (description.size() > kMaxInfoLength) c->Add("description", "Description is too long");
  if (info_url.empty()) return;
  if (info_url.size() > kMaxInfoLength) c->Add("info_url", "Info URL is too long");
  if (auto e = go::InfoUrlError(info_url)) c->Add("info_url", "error parsing info url: " + *e);
}

}  // namespace

std::optional<std::string> LibrarySubjectError(std::string_view v, bool strict) {
  if (v.empty()) return "subject cannot be empty";
  if (v.find(' ') != std::string_view::npos) return "subject " + go::Quote(v) + " cannot have spaces";
  if (strict) {
    if (v.front() == '.' || v.back() == '.') return "subject " + go::Quote(v) + " cannot start or end with a `.`";
    if (v.find("..") != std::string_view::npos) return "subject " + go::Quote(v) + " cannot contain consecutive `.`";
  }
  return std::nullopt;
}

bool LibraryHasWildcards(std::string_view s) {
  return s.ends_with(".>") || s.find(".*.") != std::string_view::npos || s.ends_with(".*") || s.starts_with("*.") ||
         s == "*" || s == ">";
}

std::vector<FieldIssues> ExportIssues(const Export& e, bool strict) {
  Collector c;
  const bool service = e.type == "service", stream = e.type == "stream";
  // An absent type is the library's Unknown, which prints as "unknown".
  if (!service && !stream) c.Add("type", "invalid export type: \"unknown\"");
  if (service && !e.response_type.empty() && e.response_type != "Singleton" && e.response_type != "Stream" &&
      e.response_type != "Chunked") {
    c.Add("response_type", "invalid response type for service: " + go::Quote(e.response_type));
  }
  if (stream && !e.response_type.empty()) {
    c.Add("response_type", "invalid response type for stream: " + go::Quote(e.response_type));
  }
  if (e.latency) {
    if (!service) c.Add("service_latency", "latency tracking only permitted for services");
    if (e.latency->sampling != 0 && (e.latency->sampling < 1 || e.latency->sampling > 100)) {
      c.Add("service_latency", "sampling percentage needs to be between 1-100");
    }
    const std::string& results = e.latency->results;
    // Subject.Validate adds every issue it finds: a space and an empty token both.
    if (results.empty()) {
      c.Add("service_latency", "subject cannot be empty");
    } else {
      if (results.find(' ') != std::string::npos) c.Add("service_latency", *LibrarySubjectError(results, false));
      if (strict && (results.front() == '.' || results.back() == '.')) {
        c.Add("service_latency", "subject " + go::Quote(results) + " cannot start or end with a `.`");
      }
      if (strict && results.find("..") != std::string::npos) {
        c.Add("service_latency", "subject " + go::Quote(results) + " cannot contain consecutive `.`");
      }
    }
    if (LibraryHasWildcards(results)) c.Add("service_latency", "results subject can not contain wildcards");
  }
  if (e.response_threshold < 0) c.Add("response_threshold", "negative response threshold is invalid");
  if (e.response_threshold > 0 && !service) c.Add("response_threshold", "response threshold only valid for services");
  if (e.account_token_position > 0) {
    const auto pos = static_cast<uint64_t>(e.account_token_position);
    if (!LibraryHasWildcards(e.subject)) {
      c.Add("account_token_position", "Account Token Position can only be used with wildcard subjects: " + e.subject);
    } else {
      const std::vector<std::string_view> tokens = subjects::Tokens(e.subject);
      if (pos > tokens.size()) {
        c.Add("account_token_position",
              "Account Token Position " + std::to_string(pos) + " exceeds length of subject '" + e.subject + "'");
      } else if (tokens[pos - 1] != "*") {
        c.Add("account_token_position", "Account Token Position " + std::to_string(pos) + " matches '" +
                                            std::string(tokens[pos - 1]) + "' but must match a * in: " + e.subject);
      }
    }
  }
  InfoChecks(e.description, e.info_url, &c);
  return c.Take();
}

std::vector<FieldIssues> ImportIssues(const Import& i) {
  Collector c;
  const bool service = i.type == "service", stream = i.type == "stream";
  if (!service && !stream) c.Add("type", "invalid import type: \"unknown\"");
  if (!i.local_subject.empty()) {
    // A subject or local subject that is empty or holds a space is NL204's
    // (rejected on every version); the wildcard comparison is meaningless then.
    if (PassesBasicSyntax(i.subject) && PassesBasicSyntax(i.local_subject)) {
      RenamingChecks(i.local_subject, i.subject, &c);
    }
    if (!i.to.empty()) c.Add("to", "Local Subject replaces To");
  }
  if (i.share && !service) {
    c.Add("share", "sharing information (for latency tracking) is only valid for services: " + go::Quote(i.subject));
  }
  return c.Take();
}

std::vector<FieldIssues> InfoIssues(std::string_view description, std::string_view info_url) {
  Collector c;
  InfoChecks(description, info_url, &c);
  return c.Take();
}

std::vector<FieldIssues> UserAccessIssues(const UserAccessLimits& limits) {
  Collector c;
  for (const std::string& cidr : limits.src) {
    if (!go::ParsesAsCidr(cidr)) c.Add("src", "invalid cidr " + go::Quote(cidr) + " in user src limits");
  }
  for (const auto& [start, end] : limits.times) {
    if (start.empty()) {
      c.Add("times", "time ranges start must contain a start");
    } else if (!go::ParsesAsClock(start)) {
      c.Add("times", "start in time range is invalid " + go::Quote(start));
    }
    if (end.empty()) {
      c.Add("times", "time ranges end must contain an end");
    } else if (!go::ParsesAsClock(end)) {
      c.Add("times", "end in time range is invalid " + go::Quote(end));
    }
  }
  if (!limits.location_error.empty()) {
    c.Add("times_location", "could not parse iana time zone by name: " + limits.location_error);
  }
  return c.Take();
}

}  // namespace nsclint::rules
