#include "lint/decode/decode.h"

#include <fcntl.h>
#include <rapidjson/document.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <set>

#include "lint/base/base64.h"
#include "lint/base/nkeys.h"
#include "lint/base/util.h"
#include "lint/decode/claims.h"
#include "lint/decode/token.h"

namespace nsclint {

namespace {

void AddProblem(Fragment* f, int artifact, int line, std::string what, std::string kind = "") {
  f->problems.push_back(Problem{artifact, line, std::move(what), std::move(kind)});
}

/// VerifySignature, through the verification cache when there is one: a
/// token whose exact text verified before is not verified again, and every
/// token that verifies is recorded for the next run.
SignatureStatus CheckSignature(const DecodedJwt& jwt, const TokenDigest& digest, Fragment* f) {
  if (f->cache == nullptr) return VerifySignature(jwt);
  if (f->cache->Contains(digest)) {
    ++f->cache_hits;
    f->verified.push_back(digest);
    return SignatureStatus::kValid;
  }
  SignatureStatus sig = VerifySignature(jwt);
  if (sig == SignatureStatus::kValid) f->verified.push_back(digest);
  return sig;
}

/// Decodes one token into the fragment. Returns the TokenType on success.
std::optional<TokenType> DecodeToken(std::string_view text, int artifact, int line, TokenOrigin origin, Fragment* f) {
  std::string error;
  auto jwt = DecodeJwt(text, &error);
  if (!jwt) {
    AddProblem(f, artifact, line, error);
    return std::nullopt;
  }
  auto claims = ParseClaims(*jwt, &error);
  if (!claims) {
    AddProblem(f, artifact, line, error);
    return std::nullopt;
  }
  const TokenDigest digest = DigestToken(jwt->token);
  SignatureStatus sig = CheckSignature(*jwt, digest, f);
  auto stamp = [&](TokenBase& t) {
    t.digest = digest;
    t.artifact = artifact;
    t.line = line;
    t.origin = origin;
    t.signature = sig;
  };
  switch (claims->type) {
    case TokenType::kOperator:
      stamp(*claims->op);
      f->operators.push_back(std::move(*claims->op));
      break;
    case TokenType::kAccount: {
      stamp(*claims->account);
      Account& a = *claims->account;
      int account_index = static_cast<int>(f->accounts.size());
      // Activation tokens travel inside imports: decode them here, once.
      for (size_t i = 0; i < a.imports.size(); ++i) {
        Import& im = a.imports[i];
        if (im.token.empty()) continue;
        if (StartsWith(im.token, "http://") || StartsWith(im.token, "https://")) {
          im.token_error = "the token is a URL, not an activation token (the server cannot decode it)";
          continue;
        }
        std::string terr;
        auto tjwt = DecodeJwt(im.token, &terr);
        std::optional<ParsedClaims> tclaims;
        if (tjwt) tclaims = ParseClaims(*tjwt, &terr);
        if (tclaims && tclaims->type != TokenType::kActivation) {
          terr = std::string("the token is a ") + std::string(TokenTypeName(tclaims->type)) + " JWT, not an activation";
          tclaims.reset();
        }
        if (!tclaims) {
          im.token_error = terr;
          continue;
        }
        Activation act = std::move(*tclaims->activation);
        act.artifact = artifact;
        act.line = line;
        act.origin = TokenOrigin::kImport;
        act.digest = DigestToken(tjwt->token);
        act.signature = CheckSignature(*tjwt, act.digest, f);
        act.importer_account = account_index;
        act.import_index = static_cast<int>(i);
        im.activation = static_cast<int>(f->activations.size());
        f->activations.push_back(std::move(act));
      }
      f->accounts.push_back(std::move(a));
      break;
    }
    case TokenType::kUser:
      stamp(*claims->user);
      f->users.push_back(std::move(*claims->user));
      break;
    case TokenType::kActivation:
      stamp(*claims->activation);
      f->activations.push_back(std::move(*claims->activation));
      break;
    case TokenType::kGeneric:
      break;
  }
  return claims->type;
}

bool OnlyWhitespaceBefore(std::string_view content, std::string_view marker_label) {
  size_t pos = content.find("---");
  if (pos == std::string_view::npos) return false;
  for (size_t i = 0; i < pos; ++i) {
    if (!std::isspace(static_cast<unsigned char>(content[i]))) return false;
  }
  return !marker_label.empty();
}

bool IsNatsLabel(std::string_view label) {
  return label.find("NATS") != std::string_view::npos;
}
bool IsSeedLabel(std::string_view label) {
  return label.find("SEED") != std::string_view::npos;
}

/// The `alg` of a bare JWT's header, "" when `text` is no JWT or its header
/// does not decode.
std::string JwtAlg(std::string_view text) {
  if (!LooksLikeJwt(text) || text.find('.') == std::string_view::npos) return "";
  auto header = Base64UrlDecode(text.substr(0, text.find('.')));
  if (!header) return "";
  rapidjson::Document doc;
  doc.Parse(header->data(), header->size());
  if (doc.HasParseError() || !doc.IsObject()) return "";
  auto it = doc.FindMember("alg");
  if (it == doc.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool IsNatsAlg(std::string_view alg) {
  return alg == "ed25519-nkey" || alg == "ed25519";
}

/// A bare JWT whose header says it is a NATS token.
bool ClaimsNatsJwt(std::string_view text) {
  return IsNatsAlg(JwtAlg(text));
}

/// A well-formed JWT of another kind (OAuth, Kubernetes: HS256, RS256): not NATS material.
bool IsForeignJwt(std::string_view text) {
  const std::string alg = JwtAlg(text);
  return !alg.empty() && !IsNatsAlg(alg);
}

void DecodeSeedText(std::string_view text, int artifact, Fragment* f) {
  SeedFile s;
  s.artifact = artifact;
  std::string why;
  auto seed = nkeys::DecodeSeed(Trim(text), &why);
  if (seed) {
    s.public_key = seed->PublicKeyText();
    s.role = std::string(nkeys::RoleName(seed->role()));
  } else {
    s.problem = why;
  }
  f->seeds.push_back(std::move(s));
}

}  // namespace

std::vector<SeedSighting> ScanSeeds(std::string_view text, int artifact) {
  auto b32 = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); };
  constexpr size_t kSeedLen = 58;
  std::vector<SeedSighting> out;
  std::set<std::string> keys;
  const size_t n = text.size();
  size_t next_bad = 0;  // the first non-base32 index at or after the last checked start
  size_t line_pos = 0;
  int line = 1;
  size_t i = 0;
  while (i + kSeedLen <= n && out.size() < kMaxSeedSightings) {
    const void* hit = std::memchr(text.data() + i, 'S', n - i - kSeedLen + 1);
    if (hit == nullptr) break;
    size_t s = static_cast<size_t>(static_cast<const char*>(hit) - text.data());
    if (std::string_view("OAUNCX").find(text[s + 1]) == std::string_view::npos) {
      i = s + 1;
      continue;
    }
    if (next_bad < s + 2) {
      next_bad = s + 2;
      while (next_bad < n && b32(text[next_bad])) ++next_bad;
    }
    if (next_bad < s + kSeedLen) {
      i = next_bad + 1;  // no seed can span a non-base32 character
      continue;
    }
    auto seed = nkeys::DecodeSeed(text.substr(s, kSeedLen));
    if (!seed) {
      i = s + 1;
      continue;
    }
    line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(line_pos),
                                        text.begin() + static_cast<std::ptrdiff_t>(s), '\n'));
    line_pos = s;
    std::string pub = seed->PublicKeyText();
    if (keys.insert(pub).second) {
      out.push_back(SeedSighting{artifact, line, std::move(pub), std::string(nkeys::RoleName(seed->role()))});
    }
    i = s + kSeedLen;
  }
  return out;
}

Fragment DecodeContent(const std::string& content, const std::string& ext, bool claimed, int artifact,
                       const VerifyCache* cache) {
  Fragment f;
  f.cache = cache;
  const bool jwt_ext = ext == ".jwt";
  const bool creds_ext = ext == ".creds";
  const bool nk_ext = ext == ".nk";
  const std::string_view trimmed = TrimView(content);

  if (nk_ext) {
    f.nats_file = true;
    if (trimmed.empty()) {
      AddProblem(&f, artifact, 1, "the seed file is empty");
    } else {
      DecodeSeedText(trimmed, artifact, &f);
    }
    return f;
  }

  auto blocks = FindArmoredBlocks(content, 4);
  // The NATS blocks: from the first block when the file opens with one (the
  // form nsc writes), else from the first block labelled NATS anywhere, after
  // any text (a note, a mail, a README quoting a token).
  size_t first = blocks.size();
  if (!blocks.empty() && OnlyWhitespaceBefore(content, blocks[0].label) &&
      (jwt_ext || creds_ext || IsNatsLabel(blocks[0].label) || LooksLikeJwt(blocks[0].body))) {
    first = 0;
  } else {
    for (size_t i = 0; i < blocks.size() && first == blocks.size(); ++i) {
      if (IsNatsLabel(blocks[i].label)) first = i;
    }
  }
  if (first > 0 && first < blocks.size())
    blocks.erase(blocks.begin(), blocks.begin() + static_cast<std::ptrdiff_t>(first));
  const bool armored = first < blocks.size();
  if (armored && !creds_ext && IsSeedLabel(blocks[0].label)) {
    // Only a seed (`-----BEGIN USER NKEY SEED-----`): no token to decode; the
    // seed itself is found by ScanSeeds (NL604/NL605).
    f.nats_file = !ScanSeeds(blocks[0].body, artifact).empty();
    return f;
  }
  if (creds_ext || armored) {
    f.nats_file = true;
    if (blocks.empty()) {
      AddProblem(&f, artifact, 1,
                 trimmed.empty() ? "the file is empty"
                                 : "no armored JWT block (-----BEGIN NATS ... JWT----- / token / "
                                   "------END NATS ... JWT------)");
      return f;
    }
    std::optional<TokenType> type =
        DecodeToken(blocks[0].body, artifact, blocks[0].line,
                    creds_ext || blocks.size() > 1 ? TokenOrigin::kCreds : TokenOrigin::kFile, &f);
    if (creds_ext || blocks.size() > 1) {
      Creds c;
      c.artifact = artifact;
      if (type == TokenType::kUser) c.user = static_cast<int>(f.users.size()) - 1;
      if (blocks.size() < 2) {
        c.seed_problem = "no armored seed block after the JWT";
      } else {
        c.seed_line = blocks[1].line;
        std::string why;
        auto seed = nkeys::DecodeSeed(blocks[1].body, &why);
        if (seed) {
          c.seed_public_key = seed->PublicKeyText();
        } else {
          c.seed_problem = "the seed block does not hold a valid seed: " + why;
        }
      }
      f.creds.push_back(std::move(c));
    }
    return f;
  }

  // NL001 only for what claims to be a NATS token: a .jwt file, or a bare JWT
  // whose header names a NATS algorithm. Other files (a README, an .env, an
  // OAuth JWT) are not NATS material: skipped, their seeds still count.
  // `claimed` (standard input, which has no name) is read as a token too.
  if (jwt_ext ? !IsForeignJwt(trimmed)
              : ClaimsNatsJwt(trimmed) || (claimed && !nkeys::LooksLikeSeed(trimmed) && !IsForeignJwt(trimmed))) {
    f.nats_file = true;
    if (trimmed.empty()) {
      AddProblem(&f, artifact, 1, "the file is empty");
      return f;
    }
    // Go accepts one trailing newline; DecodeJwt handles it. Other leading or
    // trailing whitespace is an error it reports.
    DecodeToken(content, artifact, 1, TokenOrigin::kFile, &f);
    return f;
  }
  if (nkeys::LooksLikeSeed(trimmed)) {
    f.nats_file = true;
    DecodeSeedText(trimmed, artifact, &f);
  }
  return f;
}

namespace {

// Bumped by ForgetOpenFolders: a handle opened before is not used again.
std::atomic<uint64_t> folder_generation{0};

// The folder of the last file this thread opened, kept open: files are read
// folder by folder, and opening by name relative to it spares the kernel a
// walk of the whole path for every file. Kept for one scan only (see
// ForgetOpenFolders): a folder deleted and made again under the same name
// between two scans is a different folder.
class FolderHandle {
 public:
  FolderHandle() = default;
  FolderHandle(const FolderHandle&) = delete;
  FolderHandle& operator=(const FolderHandle&) = delete;
  ~FolderHandle() { Reset(); }

  /// Opens `path` as open(2) would (same flags), relative to its folder.
  /// `path` is NUL-terminated (a SharedText's view).
  int Open(std::string_view path, int flags) {
    const size_t slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == path.size()) return ::open(path.data(), flags);
    const std::string_view dir(path.data(), slash);
    const uint64_t generation = folder_generation.load(std::memory_order_relaxed);
    if (fd_ < 0 || dir != dir_ || generation != generation_) {
      Reset();
      dir_.assign(dir);
      generation_ = generation;
      fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_PATH);
      if (fd_ < 0) return ::open(path.data(), flags);
    }
    return ::openat(fd_, path.data() + slash + 1, flags);
  }

 private:
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    dir_.clear();
  }
  int fd_ = -1;
  std::string dir_;
  uint64_t generation_ = 0;
};

/// Reads at most kMaxFileBytes + 1 bytes of a regular file. The file is opened
/// first and judged by fstat on the open descriptor (O_NONBLOCK: a FIFO put in
/// its place after discovery cannot block the open or the read). Returns ""
/// on success, else why it was not read; `gone` when it no longer exists or
/// is no longer a regular file (what discovery saw has changed).
std::string ReadRegularFile(const SharedText& path, std::string* content, std::optional<unsigned>* mode, bool* gone) {
  *gone = false;
  thread_local FolderHandle folder;
  int fd = folder.Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *gone = errno == ENOENT || errno == ENOTDIR;
    return *gone ? "the file vanished before it could be read"
                 : std::string("cannot read the file: ") + std::strerror(errno);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    *gone = true;
    return "not a regular file; not read";
  }
  *mode = static_cast<unsigned>(st.st_mode) & 0777u;
  // The size can change while reading (a growing file): never read past the cap.
  const size_t want = static_cast<size_t>(std::min<uintmax_t>(static_cast<uintmax_t>(st.st_size), kMaxFileBytes)) + 1;
  content->resize(want);
  size_t got = 0;
  std::string error;
  while (got < content->size()) {
    ssize_t r = ::read(fd, content->data() + got, content->size() - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      error = std::string("cannot read the file: ") + std::strerror(errno);
      break;
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
    // A regular file reads short only at its end: one read(2) for a file of
    // the size fstat gave, no second one to see the end.
    if (got < content->size()) break;
    // Grown since fstat: keep reading up to the cap so the size check below sees it.
    if (got <= kMaxFileBytes) content->resize(std::min(got * 2, kMaxFileBytes + 1));
  }
  ::close(fd);
  content->resize(got);
  return error;
}

}  // namespace

void ForgetOpenFolders() {
  folder_generation.fetch_add(1, std::memory_order_relaxed);
}

Fragment ReadAndDecode(const Candidate& c, int artifact, const VerifyCache* cache) {
  // One buffer a thread for the bytes of the file being decoded: nothing
  // keeps a view of it once the fragment is built.
  thread_local std::string content;
  content.clear();
  std::string ext;
  std::optional<unsigned> mode;
  if (c.stdin_input) {
    content.resize(kMaxFileBytes + 1);
    std::cin.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<size_t>(std::cin.gcount()));
  } else {
    ext = PathExtension(c.artifact.abs);
    bool gone = false;
    std::string problem = ReadRegularFile(c.artifact.abs, &content, &mode, &gone);
    if (!problem.empty()) {
      Fragment f;
      // A file found in a folder that is gone (or was swapped for a FIFO) since
      // discovery is skipped; a file named on the command line, or one that
      // exists but cannot be read, is an NL001.
      f.nats_file = c.explicit_arg || !gone;
      f.mode = mode;
      if (f.nats_file) AddProblem(&f, artifact, 1, problem);
      return f;
    }
  }
  if (content.size() > kMaxFileBytes) {
    // Too large to decode, but a seed pasted into a big file is still a seed: scan up to the cap.
    content.resize(kMaxFileBytes);
    Fragment f;
    const bool known = ext == ".jwt" || ext == ".creds" || ext == ".nk";
    f.nats_file = known;
    f.mode = mode;
    if (f.nats_file) {
      AddProblem(
          &f, artifact, 1,
          c.stdin_input ? "standard input is larger than 4 MiB; not read" : "the file is larger than 4 MiB; not read");
    }
    f.seed_sightings = ScanSeeds(content, artifact);
    return f;
  }
  Fragment f = DecodeContent(content, ext, c.stdin_input, artifact, cache);
  f.mode = mode;
  f.seed_sightings = ScanSeeds(content, artifact);
  return f;
}

}  // namespace nsclint
