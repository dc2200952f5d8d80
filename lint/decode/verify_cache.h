// The verification cache: a content-addressed record of tokens whose ed25519
// signature already verified, so that a run over an unchanged store skips the
// expensive part of decoding. The key is BLAKE2b-256 of the exact token text
// (header.payload.signature): the text alone decides whether the signature
// verifies, so a hit can only ever stand for the same verdict. Only valid
// signatures are recorded; a token that fails is verified again every run.
//
// The file lives in $XDG_CACHE_HOME/nsclint (default ~/.cache/nsclint) and is
// trusted only when it and its folder belong to the current user and nobody
// else can write them; a cache that is missing, foreign, corrupt or too big is
// ignored (and rebuilt on the next write). Nothing nsclint reports depends on
// whether the cache was used.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lint/base/digest.h"

namespace nsclint {

class VerifyCache {
 public:
  /// Cache files bigger than this many entries are ignored, and a write that
  /// would exceed it keeps only the tokens of the current run.
  static constexpr size_t kMaxEntries = 8u << 20;  // 256 MiB of digests

  /// $XDG_CACHE_HOME/nsclint, else $HOME/.cache/nsclint, else "" (no cache).
  static std::string DefaultDir();

  /// Loads the cache in `dir` (which need not exist). When the cache cannot be
  /// trusted or read, the returned cache is empty and `note` says why, naming
  /// the file (it is not an error: the run goes on without it).
  static VerifyCache Load(const std::string& dir, std::string* note);

  /// True when a token with this digest verified in an earlier run. Safe to
  /// call from several threads.
  bool Contains(const TokenDigest& digest) const;

  size_t size() const { return entries_.size(); }
  const std::string& dir() const { return dir_; }

  /// Records `verified` (digests of tokens whose signature verified in this
  /// run). Writes only when something is new: atomically (temporary file,
  /// then rename), 0600 in a 0700 folder. On failure returns false and sets
  /// `note`. `from_cache` of them were hits of this cache: when that is all
  /// of them (a run over an unchanged store), nothing is new and nothing is
  /// sorted to find that out.
  bool Save(std::vector<TokenDigest> verified, std::string* note, size_t from_cache = 0) const;

 private:
  std::string dir_;
  bool usable_ = false;               // the folder is ours (or can be created): Save may write
  std::vector<TokenDigest> entries_;  // sorted, unique
  /// entries_[index_[b], index_[b + 1]) are the digests whose first index_bits_ bits are b.
  std::vector<uint32_t> index_;
  int index_bits_ = 1;
  void BuildIndex();
};

}  // namespace nsclint
