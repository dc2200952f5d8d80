#include "lint/base/util.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace nsclint {
namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), H. Hinnant's algorithm.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

bool ParseDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string FormatTime(int64_t t) {
  // Years 0..9999 only; beyond that say the raw number.
  constexpr int64_t kMin = -62167219200;  // 0000-01-01
  constexpr int64_t kMax = 253402300799;  // 9999-12-31T23:59:59
  if (t < kMin || t > kMax) return std::to_string(t) + " (unix seconds)";
  int64_t days = t / 86400;
  int64_t rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return buf;
}

std::optional<int64_t> ParseTime(std::string_view s) {
  s = std::string_view(s.data(), s.size());
  if (s.empty()) return std::nullopt;
  bool all_digits = true;
  for (char c : s) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(c));
  if (all_digits) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
  }
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  int y, mo, d, h, mi, se;
  if (!ParseDigits(s, 0, 4, &y) || s.size() < 19 || s[4] != '-' || !ParseDigits(s, 5, 2, &mo) || s[7] != '-' ||
      !ParseDigits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !ParseDigits(s, 11, 2, &h) ||
      s[13] != ':' || !ParseDigits(s, 14, 2, &mi) || s[16] != ':' || !ParseDigits(s, 17, 2, &se)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start) return std::nullopt;
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!ParseDigits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ParseDigits(s, pos + 4, 2, &om)) {
      return std::nullopt;
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + se -
         offset;
}

std::optional<int64_t> ParseDuration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int64_t mult = 1;
  switch (s.back()) {
    case 's':
      mult = 1;
      s.remove_suffix(1);
      break;
    case 'm':
      mult = 60;
      s.remove_suffix(1);
      break;
    case 'h':
      mult = 3600;
      s.remove_suffix(1);
      break;
    case 'd':
      mult = 86400;
      s.remove_suffix(1);
      break;
    case 'w':
      mult = 7 * 86400;
      s.remove_suffix(1);
      break;
    default:
      break;
  }
  if (s.empty()) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > (int64_t{1} << 40)) {
    return std::nullopt;
  }
  return v * mult;
}

bool IsDurationText(std::string_view text) {
  return !text.empty() && std::string_view("smhdw").find(text.back()) != std::string_view::npos &&
         ParseDuration(text).has_value();
}

std::string FormatDuration(int64_t seconds) {
  auto unit = [](int64_t n, const char* name) { return std::to_string(n) + " " + name + (n == 1 ? "" : "s"); };
  if (seconds < 0) seconds = -seconds;
  if (seconds >= 86400) return unit(seconds / 86400, "day");
  if (seconds >= 3600) return unit(seconds / 3600, "hour");
  if (seconds >= 60) return unit(seconds / 60, "minute");
  return unit(seconds, "second");
}

std::string ShortKey(std::string_view key) {
  std::string out;
  AppendShortKey(&out, key);
  return out;
}

void AppendShortKey(std::string* out, std::string_view key) {
  if (key.size() <= 12) {
    out->append(key);
  } else {
    out->append(key.substr(0, 8));
    out->append("…");
  }
}

namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string ClosestMatch(std::string_view text, const std::vector<std::string>& candidates) {
  // Bounded: hostile input (a config key of a megabyte) must not cost a quadratic table.
  if (text.empty() || text.size() > 256) return "";
  const std::string want = LowerAscii(text);
  std::string best;
  size_t best_d = SIZE_MAX;
  for (const auto& candidate : candidates) {
    const std::string c = LowerAscii(candidate);
    if (c == want) continue;
    size_t d = EditDistance(want, c);
    const size_t limit = std::max<size_t>(2, std::max(want.size(), c.size()) / 3);
    // A prefix ("NL10" of "NL101", "size.warn" of "size.warning") is a near miss too.
    if (d > limit && StartsWith(c, want) && want.size() >= 3) d = limit;
    if (d <= limit && d < best_d) {
      best_d = d;
      best = candidate;
    }
  }
  return best;
}

std::string DidYouMean(std::string_view text, const std::vector<std::string>& candidates) {
  const std::string best = ClosestMatch(text, candidates);
  return best.empty() ? "" : ", did you mean '" + best + "'?";
}

std::string Trim(std::string_view t) {
  return std::string(TrimView(t));
}

std::string_view TrimView(std::string_view t) {
  size_t b = 0, e = t.size();
  while (b < e && std::isspace(static_cast<unsigned char>(t[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(t[e - 1]))) --e;
  return t.substr(b, e - b);
}

std::string_view PathExtension(std::string_view path) {
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || name == "..") return {};
  return name.substr(dot);
}

bool EndsWith(std::string_view t, std::string_view s) {
  return t.size() >= s.size() && t.substr(t.size() - s.size()) == s;
}

bool StartsWith(std::string_view t, std::string_view p) {
  return t.substr(0, p.size()) == p;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> Split(std::string_view t, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t pos = t.find(sep, start);
    out.emplace_back(t.substr(start, pos == std::string_view::npos ? t.npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::string ShellQuote(std::string_view t) {
  // SPEC "Fix commands": bare only when made of [A-Za-z0-9_./:=@%+,-].
  bool plain = !t.empty();
  for (char c : t) {
    plain = plain && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      std::string_view("_./:=@%+,-").find(c) != std::string_view::npos);
  }
  if (plain) return std::string(t);
  return SingleQuote(t);
}

std::string SingleQuote(std::string_view t) {
  std::string out = "'";
  for (char c : t) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string RedactSeeds(std::string text) {
  auto b32 = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); };
  auto seed_at = [&](size_t i) {
    if (i + 58 > text.size() || std::string_view("OAUNCXP").find(text[i + 1]) == std::string_view::npos) return false;
    size_t n = 2;
    while (n < 58 && b32(text[i + n])) ++n;
    return n == 58;
  };
  // Jumps from one 'S' to the next; text without a seed is returned as it is.
  std::string out;
  bool redacted = false;
  size_t copied = 0;  // text[0, copied) is in `out` (once something was redacted)
  for (size_t i = text.find('S'); i != std::string::npos; i = text.find('S', i)) {
    if (!seed_at(i)) {
      ++i;
      continue;
    }
    if (!redacted) out.reserve(text.size());
    redacted = true;
    out.append(text, copied, i - copied);
    out += "<seed redacted>";
    i += 58;
    copied = i;
  }
  if (!redacted) return text;
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace nsclint
