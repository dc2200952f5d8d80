// Helpers for tests that run the nsclint binary or read repository files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace nsclint::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built nsclint binary with `args` (no shell interpretation of the
/// arguments), optionally feeding `stdin_text`, from `cwd` (default: source dir).
RunResult RunNsclint(const std::vector<std::string>& args, const std::string& stdin_text = "",
                     const std::string& cwd = "");

std::string SourceDir();

/// A copy of `from` in a fresh temporary folder (removed on destruction), for
/// tests that change file modes, which git does not keep.
class TempCopy {
 public:
  TempCopy(const std::filesystem::path& from, const std::string& label);
  ~TempCopy();
  TempCopy(const TempCopy&) = delete;
  TempCopy& operator=(const TempCopy&) = delete;
  /// The copy of `from` itself (its folder name is kept).
  const std::filesystem::path& dir() const { return dir_; }
  /// chmod 0600 on every .nk and .creds file of the copy: what nsc and generate.sh write.
  void SecretsOwnerOnly() const;

 private:
  std::filesystem::path root_, dir_;
};
std::string ReadFile(const std::string& path);

/// Every nkey seed string (S + role letter + 56 base32 chars) found in the
/// files under `dir`, recursively.
std::vector<std::string> FindSeeds(const std::string& dir);

}  // namespace nsclint::testing
