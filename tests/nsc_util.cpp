#include "tests/nsc_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>

#include "lint/base/base64.h"
#include "lint/base/nkeys.h"
#include "lint/base/subjects.h"
#include "lint/base/util.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace fs = std::filesystem;
using nlohmann::json;

ProcResult RunArgv(const std::vector<std::string>& argv, const std::string& cwd,
                   const std::map<std::string, std::string>& env) {
  static int counter = 0;
  const fs::path tmp =
      fs::temp_directory_path() / ("nsclint-argv-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(tmp);
  const std::string out = (tmp / "out").string(), err = (tmp / "err").string();
  std::vector<std::string> env_text;
  for (const auto& [k, v] : env) env_text.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (auto& e : env_text) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  ProcResult r;
  const pid_t pid = fork();
  if (pid == 0) {
    const int in_fd = open("/dev/null", O_RDONLY);
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0 || dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) {
      _exit(126);
    }
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(125);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  int status = 0;
  if (pid > 0 && waitpid(pid, &status, 0) == pid) {
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  }
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  std::error_code ec;
  fs::remove_all(tmp, ec);
  return r;
}

std::string NscBinary() {
  const char* v = std::getenv("NSCLINT_NSC");
  return v == nullptr ? "" : v;
}

NscSandbox::NscSandbox(const std::string& label) {
  static int counter = 0;
  root_ = fs::temp_directory_path() /
          ("nsclint-nsc-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" + label);
  fs::remove_all(root_);
  for (const char* d : {"home", "config", "stores", "keys"}) fs::create_directories(root_ / d);
}

NscSandbox::~NscSandbox() {
  std::error_code ec;
  fs::remove_all(root_, ec);
}

std::map<std::string, std::string> NscSandbox::Env(const std::map<std::string, std::string>& extra) const {
  std::map<std::string, std::string> env{
      {"HOME", home().string()},
      {"NSC_HOME", (root_ / "config").string()},
      {"XDG_CONFIG_HOME", (home() / ".config").string()},
      {"XDG_DATA_HOME", (home() / ".local" / "share").string()},
      {"PATH", "/usr/bin:/bin"},
      {"NSC_NO_GIT_IGNORE", "1"},
  };
  for (const auto& [k, v] : extra) env[k] = v;
  return env;
}

ProcResult NscSandbox::Nsc(std::vector<std::string> args) const {
  args.insert(args.begin(), NscBinary());
  for (const std::string& a : {std::string("--config-dir"), (root_ / "config").string(), std::string("--data-dir"),
                               stores().string(), std::string("--keystore-dir"), keys().string()}) {
    args.push_back(a);
  }
  return RunArgv(args, root_.string(), Env({{"NKEYS_PATH", keys().string()}}));
}

std::string NscSandbox::NscOk(const std::vector<std::string>& args) const {
  ProcResult r = Nsc(args);
  std::string shown;
  for (const auto& a : args) shown += " " + a;
  EXPECT_EQ(r.exit_code, 0) << "nsc" << shown << "\n" << RedactSeeds(r.out + r.err);
  EXPECT_EQ((r.out + r.err).find("[ERR"), std::string::npos) << "nsc" << shown << "\n" << RedactSeeds(r.out + r.err);
  return r.out;
}

std::string NscSandbox::RunFix(const json& finding, const fs::path& base) const {
  const json& ctx = finding.at("fixContext");
  std::map<std::string, std::string> extra;
  fs::path cwd = base;
  if (!ctx.is_null()) {
    for (const auto& [k, v] : ctx.at("env").items()) extra[k] = v.get<std::string>();
    cwd = base / ctx.at("cwd").get<std::string>();
  }
  for (const json& cmd : finding.at("fix")) {
    std::vector<std::string> argv = cmd.get<std::vector<std::string>>();
    std::string shown;
    for (const auto& a : argv) shown += " " + a;
    if (argv.at(0) == "nsc")
      argv[0] = NscBinary();
    else if (argv[0] == "chmod")
      argv[0] = "/bin/chmod";
    else
      return "unexpected program:" + shown;
    ProcResult r = RunArgv(argv, cwd.string(), Env(extra));
    if (r.exit_code != 0 || (r.out + r.err).find("[ERR") != std::string::npos) {
      return "in " + cwd.string() + ":" + shown + " -> exit " + std::to_string(r.exit_code) + "\n" +
             RedactSeeds(r.out + r.err);
    }
  }
  return "";
}

void WriteFixtureSeeds(const std::string& prefix, const fs::path& keys_dir) {
  nkeys::EnsureSodium();
  static const json keys = json::parse(ReadFile(SourceDir() + "/fixtures/keys.json"));
  for (const auto& [label, pub_json] : keys.items()) {
    if (label.rfind(prefix, 0) != 0) continue;
    const std::string pub = pub_json.get<std::string>();
    uint8_t role = 0;
    switch (pub.at(0)) {
      case 'O':
        role = 14 << 3;
        break;
      case 'A':
        role = 0;
        break;
      case 'U':
        role = 20 << 3;
        break;
      default:
        continue;
    }
    const std::string text = "nsclint-fixture/" + label;
    std::array<uint8_t, 32> raw{};
    crypto_hash_sha256(raw.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    std::vector<uint8_t> bytes{static_cast<uint8_t>((18 << 3) | (role >> 5)), static_cast<uint8_t>((role & 31) << 3)};
    bytes.insert(bytes.end(), raw.begin(), raw.end());
    const uint16_t crc = nkeys::Crc16(bytes.data(), bytes.size());
    bytes.push_back(static_cast<uint8_t>(crc & 0xff));
    bytes.push_back(static_cast<uint8_t>(crc >> 8));
    std::string seed = nkeys::Base32Encode(bytes.data(), bytes.size());
    auto decoded = nkeys::DecodeSeed(seed);
    ASSERT_TRUE(decoded.has_value()) << label;
    ASSERT_EQ(decoded->PublicKeyText(), pub) << label;
    const fs::path file = keys_dir / "keys" / pub.substr(0, 1) / pub.substr(1, 2) / (pub + ".nk");
    fs::create_directories(file.parent_path());
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << seed;
    }
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    sodium_memzero(seed.data(), seed.size());
  }
}

namespace {

std::optional<json> Payload(const std::string& text) {
  const std::string t = Trim(text);
  const size_t a = t.find('.');
  const size_t b = a == std::string::npos ? a : t.find('.', a + 1);
  if (b == std::string::npos) return std::nullopt;
  auto bytes = Base64UrlDecode(std::string_view(t).substr(a + 1, b - a - 1));
  if (!bytes) return std::nullopt;
  json j = json::parse(*bytes, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

void AddPermissions(const json& perms, const std::string& prefix, std::map<std::string, std::set<std::string>>* out) {
  for (const char* dir : {"pub", "sub"}) {
    for (const char* kind : {"allow", "deny"}) {
      auto& set = (*out)[prefix + dir + "." + kind];
      if (!perms.is_object() || !perms.contains(dir) || !perms[dir].is_object()) continue;
      const json& list = perms[dir].value(kind, json::array());
      if (!list.is_array()) continue;
      for (const auto& e : list) {
        if (e.is_string()) set.insert(e.get<std::string>());
      }
    }
  }
}

}  // namespace

Grants ReadGrants(const fs::path& dir) {
  Grants out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".jwt") continue;
    auto p = Payload(ReadFile(e.path().string()));
    if (!p || !p->contains("nats") || !(*p)["nats"].is_object()) continue;
    const json& nats = (*p)["nats"];
    const std::string sub = p->value("sub", "");
    const std::string type = nats.value("type", "");
    auto& g = out[sub];
    if (type == "user") {
      AddPermissions(nats, "", &g);
      g["bearer"];
      if (nats.value("bearer_token", false)) g["bearer"].insert("true");
    } else if (type == "account") {
      AddPermissions(nats.value("default_permissions", json::object()), "default/", &g);
      for (const auto& sk : nats.value("signing_keys", json::array())) {
        if (!sk.is_object() || !sk.contains("template")) continue;
        AddPermissions(sk["template"], sk.value("key", "") + "/tpl/", &g);
      }
    }
  }
  return out;
}

std::string Widened(const Grants& before, const Grants& after) {
  std::string out;
  // "subject queue" entries (sub lists): covered by an entry whose subject
  // covers it and that names the same queue or none.
  auto split = [](const std::string& e) {
    const size_t sp = e.find(' ');
    return sp == std::string::npos ? std::make_pair(e, std::string())
                                   : std::make_pair(e.substr(0, sp), Trim(e.substr(sp)));
  };
  auto covered = [&](const std::string& s, const std::set<std::string>& by) {
    const auto [subject, queue] = split(s);
    for (const auto& b : by) {
      const auto [bs, bq] = split(b);
      if (b == s || ((bq.empty() || bq == queue) && subjects::IsSubsetMatch(subject, bs))) return true;
    }
    return false;
  };
  for (const auto& [key, lists] : after) {
    auto was = before.find(key);
    if (was == before.end()) continue;  // a new entity (e.g. nsc add account SYS) is no widening of an old one
    for (const auto& [name, entries] : lists) {
      auto old_it = was->second.find(name);
      const std::set<std::string> old = old_it == was->second.end() ? std::set<std::string>{} : old_it->second;
      if (name == "bearer") {
        if (!entries.empty() && old.empty()) out += key + ": bearer_token turned on\n";
      } else if (name.ends_with("allow")) {
        if (!old.empty() && entries.empty()) out += key + ": " + name + " emptied (allows everything)\n";
        if (old.empty()) continue;  // everything was allowed
        for (const auto& s : entries) {
          if (!covered(s, old)) out += key + ": " + name + " gained '" + s + "'\n";
        }
      } else {
        for (const auto& s : old) {
          if (!covered(s, entries)) out += key + ": " + name + " lost '" + s + "'\n";
        }
      }
    }
  }
  return out;
}

}  // namespace nsclint::testing
