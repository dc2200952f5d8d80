// Helpers for tests that run the nsclint binary or read repository files.
#pragma once

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
std::string ReadFile(const std::string& path);

/// Every nkey seed string (S + role letter + 56 base32 chars) found in the
/// files under `dir`, recursively.
std::vector<std::string> FindSeeds(const std::string& dir);

}  // namespace nsclint::testing
