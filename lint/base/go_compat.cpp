#include "lint/base/go_compat.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <fstream>

namespace nsclint::go {
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";

void AppendHex(std::string* out, uint32_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) out->push_back(kLowerHex[(v >> (4 * i)) & 15]);
}

// The rune at s[i] and its length; length 1 and rune -1 for an invalid byte.
std::pair<int32_t, size_t> DecodeRune(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  size_t n = 0;
  int32_t r = 0;
  int32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, r = c & 0x1F, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, r = c & 0x0F, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, r = c & 0x07, min = 0x10000;
  } else {
    return {-1, 1};
  }
  if (i + n > s.size()) return {-1, 1};
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return {-1, 1};
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return {-1, 1};
  return {r, n};
}

// unicode.IsPrint for the runes a claim is likely to hold: C1 controls, the
// soft hyphen, the zero-width and direction marks, the line and paragraph
// separators and the byte order mark are not printable.
bool IsPrint(int32_t r) {
  if (r < 0xA0) return r >= 0x20 && r < 0x7F;
  if (r == 0xAD || (r >= 0x200B && r <= 0x200F) || (r >= 0x2028 && r <= 0x202E) || (r >= 0x2060 && r <= 0x206F) ||
      r == 0xFEFF || (r >= 0xFFF9 && r <= 0xFFFB) || r == 0xFFFE || r == 0xFFFF) {
    return false;
  }
  return true;
}

bool IsDigit(std::string_view s, size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// net/url's table: the ASCII bytes a host may hold unescaped.
bool HostByteOk(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  constexpr std::string_view kOk = "!\"$&'()*+,-.:;<=>[]_~";
  return kOk.find(static_cast<char>(c)) != std::string_view::npos;
}

enum class Mode { kHost, kZone, kOther };

// net/url unescape: only the checks (the unescaped text is not needed).
std::optional<std::string> UnescapeError(std::string_view s, Mode mode) {
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() || !IsHex(s[i + 1]) || !IsHex(s[i + 2])) {
        return "invalid URL escape " + Quote(s.substr(i, 3));
      }
      if (mode == Mode::kHost && Unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
        return "invalid URL escape " + Quote(s.substr(i, 3));
      }
      if (mode == Mode::kZone) {
        const auto v = static_cast<unsigned char>(Unhex(s[i + 1]) << 4 | Unhex(s[i + 2]));
        if (s.substr(i, 3) != "%25" && v != ' ' && (v < 0x80 && !HostByteOk(v))) {
          return "invalid URL escape " + Quote(s.substr(i, 3));
        }
      }
      i += 3;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (mode != Mode::kOther && c < 0x80 && !HostByteOk(c)) {
      return "invalid character " + Quote(s.substr(i, 1)) + " in host name";
    }
    ++i;
  }
  return std::nullopt;
}

bool ValidOptionalPort(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  for (char c : port.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool ValidUserinfo(std::string_view s) {
  constexpr std::string_view kOk = "-._:~!$&'()*+,;=%@";
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) continue;
    // Go ranges over runes: a non-ASCII rune is not in the list either.
    if (kOk.find(c) == std::string_view::npos) return false;
  }
  return true;
}

struct Parsed {
  std::string scheme, host;
};

std::optional<std::string> ParseHost(std::string_view host, std::string* out) {
  const size_t open = host.rfind('[');
  if (open != std::string_view::npos && open > 0) return "invalid IP-literal";
  if (open == 0) {
    const size_t close = host.rfind(']');
    if (close == std::string_view::npos) return "missing ']' in host";
    const std::string_view colon_port = host.substr(close + 1);
    if (!ValidOptionalPort(colon_port)) return "invalid port " + Quote(colon_port) + " after host";
    if (auto e = UnescapeError(colon_port, Mode::kHost)) return e;
    const std::string_view name = host.substr(1, close - 1);
    const size_t zone = name.find("%25");
    if (zone != std::string_view::npos) {
      if (auto e = UnescapeError(name.substr(0, zone), Mode::kHost)) return e;
      if (auto e = UnescapeError(name.substr(zone), Mode::kZone)) return e;
    } else if (auto e = UnescapeError(name, Mode::kHost)) {
      return e;
    }
    *out = std::string(host);
    return std::nullopt;
  }
  // The port follows the last colon: Go 1.26 looks at the first one for http
  // and https only under GODEBUG urlstrictcolons=1, the default of modules
  // that declare go 1.26, which no nats-server release does yet.
  if (const size_t i = host.rfind(':'); i != std::string_view::npos) {
    const std::string_view colon_port = host.substr(i);
    if (!ValidOptionalPort(colon_port)) return "invalid port " + Quote(colon_port) + " after host";
  }
  if (auto e = UnescapeError(host, Mode::kHost)) return e;
  *out = std::string(host);
  return std::nullopt;
}

// net/url parse(rawURL, viaRequest=false), reduced to what Info.Validate
// reads: the error, the scheme and the host.
std::optional<std::string> Parse(std::string_view raw, Parsed* url) {
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < ' ' || c == 0x7F) return "net/url: invalid control character in URL";
  }
  if (raw == "*") return std::nullopt;
  std::string_view rest = raw;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return "missing protocol scheme";
      url->scheme = std::string(raw.substr(0, i));
      for (char& ch : url->scheme) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      }
      rest = raw.substr(i + 1);
    }
    break;
  }
  const size_t q = rest.find('?');
  if (!rest.empty() && rest.back() == '?' && q == rest.size() - 1) {
    rest.remove_suffix(1);
  } else if (q != std::string_view::npos) {
    rest = rest.substr(0, q);
  }
  if (!rest.starts_with('/')) {
    if (!url->scheme.empty()) return std::nullopt;  // opaque
    if (rest.substr(0, rest.find('/')).find(':') != std::string_view::npos) {
      return "first path segment in URL cannot contain colon";
    }
  }
  if ((!url->scheme.empty() || !rest.starts_with("///")) && rest.starts_with("//")) {
    std::string_view authority = rest.substr(2);
    rest = {};
    if (size_t slash = authority.find('/'); slash != std::string_view::npos) {
      rest = authority.substr(slash);
      authority = authority.substr(0, slash);
    }
    const size_t at = authority.rfind('@');
    const std::string_view host_part = at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (auto e = ParseHost(host_part, &url->host)) return e;
    if (at != std::string_view::npos) {
      const std::string_view userinfo = authority.substr(0, at);
      if (!ValidUserinfo(userinfo)) return "net/url: invalid userinfo";
      if (auto e = UnescapeError(userinfo, Mode::kOther)) return e;
    }
  }
  return UnescapeError(rest, Mode::kOther);
}

// url.URL.Hostname(): the host without its port and brackets.
std::string Hostname(std::string_view host) {
  const size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && ValidOptionalPort(host.substr(colon))) host = host.substr(0, colon);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  return std::string(host);
}

// getnum(s, fixed) of Go's time package: one or two digits.
std::optional<int> GetNum(std::string_view* s, bool fixed) {
  if (!IsDigit(*s, 0)) return std::nullopt;
  if (!IsDigit(*s, 1)) {
    if (fixed) return std::nullopt;
    const int v = (*s)[0] - '0';
    s->remove_prefix(1);
    return v;
  }
  const int v = ((*s)[0] - '0') * 10 + ((*s)[1] - '0');
  s->remove_prefix(2);
  return v;
}

}  // namespace

std::string Quote(std::string_view s) {
  std::string out = "\"";
  out.reserve(s.size() + 2);
  for (size_t i = 0; i < s.size();) {
    const auto [r, n] = DecodeRune(s, i);
    if (r < 0) {
      out += "\\x";
      AppendHex(&out, static_cast<unsigned char>(s[i]), 2);
      i += n;
      continue;
    }
    if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (IsPrint(r)) {
      out.append(s.substr(i, n));
    } else {
      switch (r) {
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\v':
          out += "\\v";
          break;
        default:
          if (r < ' ' || r == 0x7F) {
            out += "\\x";
            AppendHex(&out, static_cast<uint32_t>(r), 2);
          } else if (r < 0x10000) {
            out += "\\u";
            AppendHex(&out, static_cast<uint32_t>(r), 4);
          } else {
            out += "\\U";
            AppendHex(&out, static_cast<uint32_t>(r), 8);
          }
      }
    }
    i += n;
  }
  out += '"';
  return out;
}

std::optional<std::string> InfoUrlError(std::string_view url) {
  // url.Parse: the fragment is cut off first and checked last.
  const size_t hash = url.find('#');
  const std::string_view before = url.substr(0, hash);
  Parsed parsed;
  if (auto e = Parse(before, &parsed)) return "parse " + Quote(before) + ": " + *e;
  if (hash != std::string_view::npos) {
    if (auto e = UnescapeError(url.substr(hash + 1), Mode::kOther)) return "parse " + Quote(url) + ": " + *e;
  }
  if (Hostname(parsed.host).empty() || parsed.scheme.empty()) return "no hostname or scheme";
  return std::nullopt;
}

bool ParsesAsClock(std::string_view s) {
  const auto hour = GetNum(&s, false);
  if (!hour || *hour >= 24 || !s.starts_with(':')) return false;
  s.remove_prefix(1);
  const auto min = GetNum(&s, true);
  if (!min || *min >= 60 || !s.starts_with(':')) return false;
  s.remove_prefix(1);
  const auto sec = GetNum(&s, true);
  if (!sec || *sec >= 60) return false;
  if (s.size() >= 2 && (s[0] == '.' || s[0] == ',') && IsDigit(s, 1)) {
    size_t n = 2;
    while (IsDigit(s, n)) ++n;
    s.remove_prefix(n);
  }
  return s.empty();
}

bool ParsesAsCidr(std::string_view s) {
  const size_t slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  const std::string addr(s.substr(0, slash));
  const std::string_view mask = s.substr(slash + 1);
  std::array<unsigned char, 16> buf{};
  int bits = 0;
  if (addr.find(':') == std::string::npos) {
    if (inet_pton(AF_INET, addr.c_str(), buf.data()) != 1) return false;
    bits = 32;
  } else {
    if (inet_pton(AF_INET6, addr.c_str(), buf.data()) != 1) return false;
    bits = 128;
  }
  if (mask.empty() || mask.size() > 6) return false;
  int n = 0;
  for (char c : mask) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  return n <= bits;
}

std::optional<std::string> LoadLocationError(std::string_view name) {
  if (name.empty() || name == "UTC" || name == "Local") return std::nullopt;
  if (name.find("..") != std::string_view::npos || name[0] == '/' || name[0] == '\\') {
    return "time: invalid location name";
  }
  // What Go's open() answers before looking: a NUL, a path component over NAME_MAX.
  if (name.find('\0') != std::string_view::npos) return "invalid argument";
  for (size_t start = 0; start <= name.size();) {
    const size_t slash = std::min(name.find('/', start), name.size());
    if (slash - start > 255) return "file name too long";
    start = slash + 1;
  }
  static constexpr std::string_view kSources[] = {"/usr/share/zoneinfo", "/usr/share/lib/zoneinfo",
                                                  "/usr/lib/locale/TZ", "/etc/zoneinfo"};
  bool any_source = false;
  std::optional<std::string> first;
  for (std::string_view dir : kSources) {
    struct stat st {};
    if (::stat(std::string(dir).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    any_source = true;
    const std::string path = std::string(dir) + "/" + std::string(name);
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOTDIR && !first) first = "not a directory";
      if (errno == EACCES && !first) first = "permission denied";
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      if (!first) first = "is a directory";
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    if (in.read(magic, 4) && std::string_view(magic, 4) == "TZif") return std::nullopt;
    if (!first) first = "malformed time zone information";
  }
  if (!any_source) return std::nullopt;
  if (first) return first;
  return "unknown time zone " + std::string(name);
}

}  // namespace nsclint::go
