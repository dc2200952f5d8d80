#include "lint/decode/verify_cache.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "lint/base/nkeys.h"

namespace nsclint {
namespace fs = std::filesystem;

namespace {

// File layout: magic, entry count (u64 little-endian), the sorted digests,
// then BLAKE2b-256 of everything before it.
constexpr char kMagic[] = "nsclint-verified-v1\n";
constexpr size_t kMagicLen = sizeof(kMagic) - 1;
constexpr size_t kHeaderLen = kMagicLen + 8;
constexpr size_t kDigestLen = sizeof(TokenDigest);
constexpr char kFileName[] = "verified-v1";

/// Why a folder or file may not be trusted, or "" when it may.
std::string Untrusted(const struct stat& st) {
  if (st.st_uid != geteuid()) return "belongs to another user";
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) return "is writable by group or others";
  return "";
}

bool ReadAll(int fd, size_t size, std::string* out) {
  out->resize(size);
  size_t got = 0;
  while (got < size) {
    ssize_t r = ::read(fd, out->data() + got, size - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    done += static_cast<size_t>(w);
  }
  return true;
}

}  // namespace

std::string VerifyCache::DefaultDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  // The XDG spec: a relative path is invalid and must be ignored.
  if (xdg != nullptr && xdg[0] == '/') return (fs::path(xdg) / "nsclint").string();
  const char* home = std::getenv("HOME");
  if (home != nullptr && home[0] == '/') return (fs::path(home) / ".cache" / "nsclint").string();
  return "";
}

VerifyCache VerifyCache::Load(const std::string& dir, std::string* note) {
  VerifyCache cache;
  cache.dir_ = dir;
  note->clear();
  if (dir.empty()) return cache;
  const std::string what = "verification cache " + dir;

  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) {
    cache.usable_ = errno == ENOENT;  // created on the first write
    if (!cache.usable_) *note = what + ": " + std::strerror(errno) + "; not used";
    return cache;
  }
  if (!S_ISDIR(st.st_mode)) {
    *note = what + " is not a folder (or is a symbolic link); not used";
    return cache;
  }
  if (std::string why = Untrusted(st); !why.empty()) {
    *note = what + " " + why + "; not used (chmod go-w it, or pass --no-cache)";
    return cache;
  }
  cache.usable_ = true;

  const std::string file = (fs::path(dir) / kFileName).string();
  const std::string fwhat = "verification cache " + file;
  int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno != ENOENT) *note = fwhat + ": " + std::strerror(errno) + "; ignored and rebuilt";
    return cache;
  }
  struct stat fst {};
  std::string bytes;
  std::string problem;
  if (::fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
    problem = "is not a regular file";
  } else if (std::string why = Untrusted(fst); !why.empty()) {
    problem = why;
  } else {
    const size_t size = static_cast<size_t>(fst.st_size);
    if (size < kHeaderLen + kDigestLen || (size - kHeaderLen - kDigestLen) % kDigestLen != 0 ||
        (size - kHeaderLen - kDigestLen) / kDigestLen > kMaxEntries) {
      problem = "is corrupt (bad size)";
    } else if (!ReadAll(fd, size, &bytes)) {
      problem = "cannot be read";
    }
  }
  ::close(fd);
  if (problem.empty()) {
    const size_t n = (bytes.size() - kHeaderLen - kDigestLen) / kDigestLen;
    uint64_t count = 0;
    for (int i = 7; i >= 0; --i) count = (count << 8) | static_cast<uint8_t>(bytes[kMagicLen + static_cast<size_t>(i)]);
    // The checksum is the same BLAKE2b-256 as the entries, over everything before it.
    TokenDigest sum = DigestToken(std::string_view(bytes).substr(0, bytes.size() - kDigestLen));
    if (bytes.compare(0, kMagicLen, kMagic) != 0 || count != n ||
        std::memcmp(sum.data(), bytes.data() + bytes.size() - kDigestLen, kDigestLen) != 0) {
      problem = "is corrupt";
    } else {
      cache.entries_.resize(n);
      for (size_t i = 0; i < n; ++i) {
        std::memcpy(cache.entries_[i].data(), bytes.data() + kHeaderLen + i * kDigestLen, kDigestLen);
        if (i > 0 && !(cache.entries_[i - 1] < cache.entries_[i])) {
          problem = "is corrupt (not sorted)";
          break;
        }
      }
    }
  }
  if (!problem.empty()) {
    cache.entries_.clear();
    *note = fwhat + " " + problem + "; ignored and rebuilt";
  }
  cache.BuildIndex();
  return cache;
}

namespace {
uint32_t Prefix32(const TokenDigest& d) {
  return (static_cast<uint32_t>(d[0]) << 24) | (static_cast<uint32_t>(d[1]) << 16) |
         (static_cast<uint32_t>(d[2]) << 8) | static_cast<uint32_t>(d[3]);
}
}  // namespace

void VerifyCache::BuildIndex() {
  // About one entry per bucket: digests are uniform, so a lookup reads the
  // bucket bounds and one or two entries instead of ~log2(n) scattered ones.
  index_bits_ = 1;
  while (index_bits_ < 24 && (size_t{1} << index_bits_) < entries_.size()) ++index_bits_;
  const size_t buckets = size_t{1} << index_bits_;
  index_.assign(buckets + 1, 0);
  size_t e = 0;
  for (size_t b = 0; b < buckets; ++b) {
    index_[b] = static_cast<uint32_t>(e);
    while (e < entries_.size() && (Prefix32(entries_[e]) >> (32 - index_bits_)) == b) ++e;
  }
  index_[buckets] = static_cast<uint32_t>(entries_.size());
}

bool VerifyCache::Contains(const TokenDigest& digest) const {
  if (entries_.empty()) return false;
  const size_t b = Prefix32(digest) >> (32 - index_bits_);
  return std::binary_search(entries_.begin() + index_[b], entries_.begin() + index_[b + 1], digest);
}

bool VerifyCache::Save(std::vector<TokenDigest> verified, std::string* note, size_t from_cache) const {
  note->clear();
  if (dir_.empty() || !usable_ || from_cache == verified.size()) return true;
  std::sort(verified.begin(), verified.end());
  verified.erase(std::unique(verified.begin(), verified.end()), verified.end());
  if (std::includes(entries_.begin(), entries_.end(), verified.begin(), verified.end())) return true;

  std::vector<TokenDigest> merged;
  merged.reserve(entries_.size() + verified.size());
  std::set_union(entries_.begin(), entries_.end(), verified.begin(), verified.end(), std::back_inserter(merged));
  if (merged.size() > kMaxEntries) {
    merged = std::move(verified);  // drop what earlier runs saw, keep this run's tokens
    if (merged.size() > kMaxEntries) merged.resize(kMaxEntries);
  }

  const std::string what = "cannot write verification cache in " + dir_ + ": ";
  std::error_code ec;
  fs::create_directories(fs::path(dir_).parent_path(), ec);
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    *note = what + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::lstat(dir_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || !Untrusted(st).empty()) {
    *note = what + "the folder is not a private folder of the current user";
    return false;
  }

  std::string bytes(kMagic, kMagicLen);
  uint64_t count = merged.size();
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((count >> (8 * i)) & 0xff));
  bytes.reserve(kHeaderLen + (merged.size() + 1) * kDigestLen);
  for (const auto& d : merged) bytes.append(reinterpret_cast<const char*>(d.data()), d.size());
  TokenDigest sum = DigestToken(bytes);
  bytes.append(reinterpret_cast<const char*>(sum.data()), sum.size());

  std::string tmp = (fs::path(dir_) / (std::string(kFileName) + ".XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());  // 0600
  if (fd < 0) {
    *note = what + std::strerror(errno);
    return false;
  }
  bool ok = WriteAll(fd, bytes);
  ok = ::close(fd) == 0 && ok;
  if (ok) ok = ::rename(tmp.c_str(), (fs::path(dir_) / kFileName).c_str()) == 0;
  if (!ok) {
    *note = what + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

}  // namespace nsclint
