// Helpers for the tests that drive the real nsc (NSCLINT_NSC): running argv
// without a shell in a sandbox (config, data and keystore in a temporary
// folder, never ~/.nsc or ~/.local), running a finding's fix as its
// fixContext says, keys dirs for the fixture cases, and the permission sets
// that a fix must never widen.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace nsclint::testing {

struct ProcResult {
  int exit_code = -1;
  std::string out, err;
};

/// Runs argv[0] (a path) with argv, in `cwd`, with exactly `env` as its
/// environment; no shell.
ProcResult RunArgv(const std::vector<std::string>& argv, const std::string& cwd,
                   const std::map<std::string, std::string>& env);

/// The nsc binary the integrator built (NSCLINT_NSC), "" when unset.
std::string NscBinary();

/// A temporary folder with home/, config/, stores/ and keys/ for nsc.
class NscSandbox {
 public:
  explicit NscSandbox(const std::string& label);
  ~NscSandbox();
  NscSandbox(const NscSandbox&) = delete;
  NscSandbox& operator=(const NscSandbox&) = delete;

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path stores() const { return root_ / "stores"; }
  std::filesystem::path keys() const { return root_ / "keys"; }
  std::filesystem::path home() const { return root_ / "home"; }

  /// The environment every nsc run gets: HOME, NSC_HOME and XDG dirs in the
  /// sandbox, PATH; plus `extra`.
  std::map<std::string, std::string> Env(const std::map<std::string, std::string>& extra = {}) const;

  /// `nsc ARGS --config-dir --data-dir --keystore-dir` (building a store).
  ProcResult Nsc(std::vector<std::string> args) const;
  /// Like Nsc, and fails the current test when nsc fails or reports [ERR ].
  std::string NscOk(const std::vector<std::string>& args) const;

  /// Runs the `fix` of a JSON finding the way fixContext says (cwd from the
  /// nsclint run's folder `base`, env), "nsc" being the real nsc. Returns ""
  /// when every command succeeded (exit 0 and no "[ERR" in its output), else
  /// what failed.
  std::string RunFix(const nlohmann::json& finding, const std::filesystem::path& base) const;

 private:
  std::filesystem::path root_;
};

/// Writes the seed of every fixture key whose label starts with `prefix`
/// ("cases/NL101-expired-user/") into `keys_dir`/keys/X/YZ/PUB.nk (0600):
/// fixture keys are sha256("nsclint-fixture/" + label) (fixtures/README.md).
void WriteFixtureSeeds(const std::string& prefix, const std::filesystem::path& keys_dir);

/// A user's or account's grants, from the JWTs of a folder, by subject key:
/// "pub.allow" etc. -> entries; for accounts also their default permissions
/// and each scoped key's template ("AKEY/tpl/pub.allow").
using Grants = std::map<std::string, std::map<std::string, std::set<std::string>>>;
Grants ReadGrants(const std::filesystem::path& dir);

/// What got wider from `before` to `after`: allow entries not covered by an
/// allow entry before, an allow list emptied (= everything), deny entries
/// dropped that no remaining deny entry covers, bearer turned on. "" when none.
std::string Widened(const Grants& before, const Grants& after);

}  // namespace nsclint::testing
