// Small shared helpers: time formatting and parsing, string helpers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nsclint {

/// "2026-01-02T03:04:05Z" for unix seconds (UTC). Out-of-range values print as
/// "<n> (unix seconds)".
std::string FormatTime(int64_t t);

/// RFC 3339 ("2026-01-02T03:04:05Z", offsets and fractional seconds accepted)
/// or unix seconds.
std::optional<int64_t> ParseTime(std::string_view s);

/// "14d", "5m", "36h", "90s", "2w" or plain seconds -> seconds.
std::optional<int64_t> ParseDuration(std::string_view s);

/// A duration as config files and flags must write it: a number and a unit
/// (s, m, h, d, w). A bare number is not one: 30 could mean seconds or days.
bool IsDurationText(std::string_view text);

/// "3 days", "5 hours", "12 minutes", "40 seconds" (largest whole unit).
std::string FormatDuration(int64_t seconds);

std::string ShortKey(std::string_view key);                   // first 8 chars + "…" for messages
void AppendShortKey(std::string* out, std::string_view key);  // ShortKey(key), appended
std::string Trim(std::string_view text);
std::string_view TrimView(std::string_view text);  // Trim without the copy
bool EndsWith(std::string_view text, std::string_view suffix);
/// The extension of the last component of `path` as std::filesystem gives
/// it (from its last '.', none for ".", ".." or a name that is only a
/// dot-led stem), without building a path.
std::string_view PathExtension(std::string_view path);
bool StartsWith(std::string_view text, std::string_view prefix);
std::string AsciiLower(std::string_view text);  // A-Z to a-z, every other byte as is
std::vector<std::string> Split(std::string_view text, char sep);
std::string ShellQuote(std::string_view text);   // POSIX quoting for fix commands: bare when safe
std::string SingleQuote(std::string_view text);  // always in single quotes, ' as '\''

/// The candidate closest to `text` (case-insensitive edit distance, at most a
/// third of the longer word and at least 2, or `text` a prefix of it), "" when none is close:
/// the one "did you mean" of nsclint, for flags, rules, families and settings.
std::string ClosestMatch(std::string_view text, const std::vector<std::string>& candidates);
/// ", did you mean 'X'?" for ClosestMatch, or "".
std::string DidYouMean(std::string_view text, const std::vector<std::string>& candidates);

/// Replaces every nkey-seed-shaped run (S + role letter + 56 base32 chars) by
/// "<seed redacted>". Applied to everything nsclint prints: a seed can hide in
/// a claim name, a file name or a command-line argument.
std::string RedactSeeds(std::string text);

}  // namespace nsclint
