// Read and decode: one file -> the entities it holds (tokens, creds, seeds)
// or the problems that kept it from decoding. Runs on worker threads; each
// call touches only its own Fragment.
#pragma once

#include <string>

#include "lint/discover.h"
#include "lint/model.h"

namespace nsclint {

/// Files larger than this are not read (NL001 for NATS files).
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
};

/// Reads the candidate (bounded) and decodes what it holds. `artifact` is the
/// index the artifact will have in the model.
Fragment ReadAndDecode(const Candidate& candidate, int artifact);

/// Decodes already-read file content (used by ReadAndDecode and by tests).
Fragment DecodeContent(const std::string& content, const std::string& extension, bool explicit_arg,
                       int artifact);

}  // namespace nsclint
