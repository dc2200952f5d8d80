// Read and decode: one file -> the entities it holds (tokens, creds, seeds)
// or the problems that kept it from decoding. Runs on worker threads; each
// call touches only its own Fragment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/decode/verify_cache.h"
#include "lint/discover/discover.h"
#include "lint/model/model.h"

namespace nsclint {

/// Files larger than this are not decoded (NL001 for NATS files); their first
/// kMaxFileBytes are still scanned for seeds.
inline constexpr size_t kMaxFileBytes = 4 << 20;

struct Fragment {
  bool nats_file = false;  // the file holds (or claims to hold) NATS material
  std::vector<Operator> operators;
  std::vector<Account> accounts;
  std::vector<User> users;
  std::vector<Activation> activations;  // importer_account indexes this fragment's accounts
  std::vector<Creds> creds;             // user indexes this fragment's users
  std::vector<SeedFile> seeds;
  std::vector<Problem> problems;
  std::vector<SeedSighting> seed_sightings;  // valid seeds anywhere in the text read
  std::optional<unsigned> mode;              // the file's permission bits, when it is a file
  const VerifyCache* cache = nullptr;        // where signatures that verified before are looked up
  std::vector<TokenDigest> verified;         // digests of the tokens whose signature verified
  size_t cache_hits = 0;                     // signatures taken from the cache
};

/// Every valid nkey seed (S + role letter + 56 base32 characters that decode,
/// CRC included) in `text`, once per public key, with the line of its first
/// occurrence. Linear in the text; at most kMaxSeedSightings per text.
inline constexpr size_t kMaxSeedSightings = 1000;
std::vector<SeedSighting> ScanSeeds(std::string_view text, int artifact);

/// Reads the candidate (bounded) and decodes what it holds. `artifact` is the
/// index the artifact will have in the model.
/// With a cache, signatures that verified in an earlier run are not verified again.
Fragment ReadAndDecode(const Candidate& candidate, int artifact, const VerifyCache* cache = nullptr);

/// Starts a new scan for ReadAndDecode: folder handles the threads kept open
/// from an earlier scan are not used again (the folder may have been deleted
/// and made again since). The engine calls it before every scan.
void ForgetOpenFolders();

/// Decodes already-read file content (used by ReadAndDecode and by tests).
/// Files are judged by content and extension, named or found alike; `claimed`
/// content (standard input) that is no seed is decoded as a token (NL001 if not).
Fragment DecodeContent(const std::string& content, const std::string& extension, bool claimed, int artifact,
                       const VerifyCache* cache = nullptr);

}  // namespace nsclint
