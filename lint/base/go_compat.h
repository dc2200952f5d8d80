// What Go's standard library says of a few values the jwt library's Validate
// hands to it: url.Parse (info_url), time.Parse("15:04:05") (a user's
// `times`), net.ParseCIDR (`src`), time.LoadLocation (`times_location`), and
// the %q quoting of its messages. NL009 quotes the library's text, so the
// texts are Go's, word for word (fixtures/vectors/go_validate.json holds what
// the Go library answered; tests/go_compat_test.cpp compares).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nsclint::go {

/// Go's strconv.Quote (what %q prints for a string): double quotes, `\"` and
/// `\\`, \a \b \f \n \r \t \v, other control bytes and invalid UTF-8 as \xNN,
/// C1 controls and U+2028/U+2029 as \uNNNN; printable UTF-8 kept as is.
std::string Quote(std::string_view s);

/// What jwt's Info.Validate adds after "error parsing info url: " for a
/// non-empty info_url: url.Parse's error ("parse \"x\": missing protocol
/// scheme") or "no hostname or scheme"; nullopt when the URL passes. Follows
/// net/url of Go 1.26 as a module declaring an older go version gets it (the
/// port after the last colon of the host). Not modelled: the address inside
/// an IPv6 literal (only its brackets and port are checked), and the strict
/// colons of modules declaring go 1.26 (nats-server 2.14.10+, 2.15), which
/// refuse an http(s) host with two colons.
std::optional<std::string> InfoUrlError(std::string_view url);

/// time.Parse("15:04:05", s) succeeds: an hour of one or two digits below 24,
/// two-digit minutes and seconds below 60, optionally a fraction after '.' or
/// ',' (Parse accepts one the layout does not name), nothing else.
bool ParsesAsClock(std::string_view s);

/// net.ParseCIDR(s) succeeds: an IPv4 or IPv6 address (no zone, no leading
/// zeros in IPv4 parts), '/', a decimal prefix length within the address size.
bool ParsesAsCidr(std::string_view s);

/// time.LoadLocation(name)'s error text on this machine ("unknown time zone
/// X", "time: invalid location name", "is a directory"), nullopt when it loads.
/// Looks in the zoneinfo folders Go reads on Unix; when none exists here, only
/// the name's syntax is judged (a host without a time zone database cannot
/// tell a real zone from a typo).
std::optional<std::string> LoadLocationError(std::string_view name);

}  // namespace nsclint::go
