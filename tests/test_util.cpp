#include "tests/test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace nsclint::testing {
namespace fs = std::filesystem;

std::string SourceDir() {
  return NSCLINT_SOURCE_DIR;
}

TempCopy::TempCopy(const fs::path& from, const std::string& label) {
  static int counter = 0;
  root_ = fs::temp_directory_path() /
          ("nsclint-copy-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" + label);
  fs::remove_all(root_);
  fs::create_directories(root_);
  dir_ = root_ / from.filename();
  fs::copy(from, dir_, fs::copy_options::recursive);
}

TempCopy::~TempCopy() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

void TempCopy::SecretsOwnerOnly() const {
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".nk" || ext == ".creds")) {
      fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    }
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

}  // namespace

RunResult RunNsclint(const std::vector<std::string>& args, const std::string& stdin_text, const std::string& cwd) {
  static int counter = 0;
  fs::path tmp =
      fs::temp_directory_path() / ("nsclint-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(tmp);
  fs::path in = tmp / "stdin", out = tmp / "stdout", err = tmp / "stderr";
  {
    std::ofstream f(in, std::ios::binary);
    f << stdin_text;
  }
  std::string cmd = "cd " + Quote(cwd.empty() ? SourceDir() : cwd) + " && NO_COLOR= " + Quote(NSCLINT_BINARY);
  for (const auto& a : args) cmd += " " + Quote(a);
  cmd += " <" + Quote(in.string()) + " >" + Quote(out.string()) + " 2>" + Quote(err.string());
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  r.out = ReadFile(out.string());
  r.err = ReadFile(err.string());
  fs::remove_all(tmp);
  return r;
}

std::vector<std::string> FindSeeds(const std::string& dir) {
  std::set<std::string> seeds;
  auto is_b32 = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'); };
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.file_size() > (8 << 20)) continue;
    std::string text = ReadFile(entry.path().string());
    for (size_t i = 0; i + 58 <= text.size(); ++i) {
      if (text[i] != 'S' || std::string_view("OAUNCX").find(text[i + 1]) == std::string_view::npos) continue;
      if (i > 0 && is_b32(text[i - 1])) continue;
      size_t n = 2;
      while (i + n < text.size() && is_b32(text[i + n])) ++n;
      if (n == 58) seeds.insert(text.substr(i, 58));
    }
  }
  return {seeds.begin(), seeds.end()};
}

}  // namespace nsclint::testing
