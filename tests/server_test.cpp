// Proof against the real servers: every test runs on each nats-server of the
// matrix (SPEC §6: Debian's 2.9.10 and the releases scripts/install-go-tools.sh
// builds; scripts/test.sh lists them in NSCLINT_SERVERS as
// "VERSION=PATH;VERSION=PATH"), in operator mode with a memory resolver that
// preloads every account JWT of a fixture store, and the libnats C client
// shows that what nsclint reports *for that version* (--server-version) is
// what that server does. A test's name ends with the version it ran on.
//
// NL5xx cases (fixtures/cases/NL5*/, plan in server.json, written by
// fixtures/gen/cases_nl5.go): a fire case of NL506/NL508/NL509/NL510 refuses
// the account's user at connect; a fire case of NL501-NL505/NL507 lets the user
// in, but a message of the exporter on the import under test does not arrive
// while the healthy control import on the same server delivers (NL504: the
// exporter's own user is refused, its account being absent or expired);
// near-misses connect and deliver. Trust cases: users nsclint reports as
// expired (NL101), revoked (NL303) or untrusted (NL005) are refused, their
// near-misses and fixtures/clean connect.
//
// Each test starts its own server on 127.0.0.1 (free port from bind(0)) and
// stops it by PID (SIGTERM, then SIGKILL after 3 s). Skipped when no
// nats-server binary is installed (scripts/install-deps.sh --test installs it).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <nats/nats.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "lint/base/base64.h"
#include "lint/base/nkeys.h"
#include "tests/test_util.h"

namespace nsclint::testing {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kConnectTimeoutMs = 2000;
constexpr int64_t kMessageTimeoutMs = 2000;  // a message that must arrive
constexpr int64_t kAbsentGraceMs = 100;      // after the control arrived, for one that must not
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(3);

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t i = s.find(sep, start);
    out.emplace_back(s.substr(start, i == std::string_view::npos ? std::string_view::npos : i - start));
    if (i == std::string_view::npos) return out;
    start = i + 1;
  }
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \r\n\t"), e = s.find_last_not_of(" \r\n\t");
  return b == std::string_view::npos ? "" : std::string(s.substr(b, e - b + 1));
}

struct ServerBin {
  std::string version;  // "2.9.10"
  std::string path;
};
void PrintTo(const ServerBin& s, std::ostream* os) {
  *os << "nats-server " << s.version;
}

std::string DebianServer() {
  if (access("/usr/sbin/nats-server", X_OK) == 0) return "/usr/sbin/nats-server";
  const char* path = std::getenv("PATH");
  for (const auto& dir : Split(path ? path : "", ':')) {
    if (dir.empty()) continue;
    fs::path p = fs::path(dir) / "nats-server";
    if (access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

// The matrix: NSCLINT_SERVERS, else Debian's server alone (2.9.10).
const std::vector<ServerBin>& Servers() {
  static const std::vector<ServerBin> servers = [] {
    std::vector<ServerBin> out;
    const char* env = std::getenv("NSCLINT_SERVERS");
    if (env != nullptr && *env != '\0') {
      for (const auto& item : Split(env, ';')) {
        size_t eq = item.find('=');
        if (eq == std::string::npos || access(item.c_str() + eq + 1, X_OK) != 0) {
          std::fprintf(stderr, "NSCLINT_SERVERS: '%s' is not VERSION=PATH of an executable\n", item.c_str());
          std::abort();  // a broken matrix must fail the run, never shrink it
        }
        out.push_back({item.substr(0, eq), item.substr(eq + 1)});
      }
    } else if (std::string debian = DebianServer(); !debian.empty()) {
      out.push_back({"2.9.10", debian});
    }
    return out;
  }();
  return servers;
}

std::string VersionName(const std::string& version) {
  std::string n = "v";
  for (char ch : version) n += ch == '.' ? '_' : ch;
  return n;
}

// The findings nsclint reports for `target` judged for nats-server `version`.
nlohmann::json Findings(const fs::path& target, const std::string& version) {
  RunResult r = RunNsclint({"--now", "2026-06-01T00:00:00Z", "--no-config", "--server-version", version, "--format",
                            "json", "--quiet", target.string()});
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (doc.is_discarded() || !doc.contains("findings")) {
    ADD_FAILURE() << "nsclint gave no JSON for " << target << " (exit " << r.exit_code << "): " << r.err;
    return nlohmann::json::array();
  }
  return doc.at("findings");
}

// The JSON payload of a JWT (no verification: the fixtures are ours).
nlohmann::json Payload(const std::string& jwt) {
  auto parts = Split(Trim(jwt), '.');
  if (parts.size() != 3) return nlohmann::json::object();
  auto raw = Base64UrlDecode(parts[1]);
  if (!raw) return nlohmann::json::object();
  return nlohmann::json::parse(*raw, nullptr, false);
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool PortAccepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// A private temp dir, removed on destruction.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() / ("nsclint-server-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// One nats-server process, stopped by its own PID on destruction.
class Server {
 public:
  ~Server() { Stop(); }

  // Starts a server for the operator folder `op_dir` (<store>/<op>): the
  // operator JWT <op>.jwt and every accounts/*/*.jwt preloaded.
  /// `extra` is appended to the config (e.g. a jetstream block).
  ::testing::AssertionResult Start(const fs::path& op_dir, const ServerBin& server, const std::string& extra = "") {
    fs::path op_jwt = op_dir / (op_dir.filename().string() + ".jwt");
    auto op = Payload(ReadFile(op_jwt.string()));
    std::string sys = op.value("/nats/system_account"_json_pointer, std::string());
    std::string preload;
    if (fs::exists(op_dir / "accounts")) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(op_dir / "accounts")) {
        fs::path f = e.path() / (e.path().filename().string() + ".jwt");
        if (fs::exists(f)) files.push_back(f);
      }
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        std::string jwt = Trim(ReadFile(f.string()));
        std::string sub = Payload(jwt).value("sub", std::string());
        if (sub.empty()) continue;
        preload += "  " + sub + ": \"" + jwt + "\"\n";
      }
    }
    return Launch(server, "operator: \"" + op_jwt.string() + "\"\n" +
                              (sys.empty() ? std::string() : "system_account: \"" + sys + "\"\n") +
                              "resolver: MEMORY\n" + "resolver_preload: {\n" + preload + "}\n" + extra);
  }

  /// Starts `server` with `conf` after its listen line (a server that is not
  /// in operator mode, e.g. a leafnode).
  ::testing::AssertionResult Launch(const ServerBin& server, const std::string& conf_body) {
    const std::string& bin = server.path;
    // Another process may take the free port before the server binds it
    // (ctest -j): then the server exits and we retry on a new port. The
    // server is ready when ITS log says so and the port accepts.
    for (int attempt = 0; attempt < 3; ++attempt) {
      port_ = FreePort();
      if (port_ <= 0) return ::testing::AssertionFailure() << "no free port";
      std::string conf = "listen: \"127.0.0.1:" + std::to_string(port_) + "\"\n" + conf_body;
      fs::path conf_file = dir_.path / "server.conf";
      std::ofstream(conf_file) << conf;
      log_ = dir_.path / "server.log";

      pid_ = fork();
      if (pid_ < 0) return ::testing::AssertionFailure() << "fork failed";
      if (pid_ == 0) {
        FILE* out = std::freopen(log_.c_str(), "w", stdout);
        if (out != nullptr) dup2(fileno(stdout), 2);
        // NSCLINT_SERVER_DEBUG=1: the server logs why it refuses a client (printed at Stop).
        const char* debug = std::getenv("NSCLINT_SERVER_DEBUG");
        if (debug != nullptr && *debug != '\0') {
          execl(bin.c_str(), bin.c_str(), "-c", conf_file.c_str(), "-D", static_cast<char*>(nullptr));
        } else {
          execl(bin.c_str(), bin.c_str(), "-c", conf_file.c_str(), static_cast<char*>(nullptr));
        }
        _exit(127);
      }
      const std::string ready = "Listening for client connections on 127.0.0.1:" + std::to_string(port_);
      auto deadline = Clock::now() + kStartTimeout;
      bool exited = false;
      while (Clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
          pid_ = -1;
          exited = true;
          break;
        }
        if (Log().find(ready) != std::string::npos && PortAccepts(port_)) return ::testing::AssertionSuccess();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      if (!exited) {
        std::string log = Log();
        Stop();
        return ::testing::AssertionFailure() << "nats-server did not accept on 127.0.0.1:" << port_ << " within 10 s\n"
                                             << log;
      }
      if (Log().find("address already in use") == std::string::npos) {
        exited_at_startup_ = true;
        return ::testing::AssertionFailure() << "nats-server exited at start-up:\n" << Log();
      }
    }
    return ::testing::AssertionFailure() << "no port could be bound in 3 attempts\n" << Log();
  }

  void Stop() {
    if (pid_ <= 0) return;
    const char* debug = std::getenv("NSCLINT_SERVER_DEBUG");
    if (debug != nullptr && *debug != '\0') std::fprintf(stderr, "%s", Log().c_str());
    kill(pid_, SIGTERM);
    auto deadline = Clock::now() + kStopTimeout;
    int status = 0;
    while (Clock::now() < deadline) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  int port() const { return port_; }
  bool exited_at_startup() const { return exited_at_startup_; }
  std::string Log() const { return ReadFile(log_.string()); }
  const fs::path& dir() const { return dir_.path; }

 private:
  TempDir dir_;
  fs::path log_;
  pid_t pid_ = -1;
  int port_ = -1;
  bool exited_at_startup_ = false;
};

struct Conn {
  natsConnection* nc = nullptr;
  std::string error;  // why the connect failed
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    if (nc != nullptr) natsConnection_Destroy(nc);
  }
  bool ok() const { return nc != nullptr; }
};

std::unique_ptr<Conn> ConnectOnce(const Server& server, const std::string& creds) {
  auto c = std::make_unique<Conn>();
  natsOptions* opts = nullptr;
  if (natsOptions_Create(&opts) != NATS_OK) {
    c->error = "natsOptions_Create failed";
    return c;
  }
  std::string url = "nats://127.0.0.1:" + std::to_string(server.port());
  natsOptions_SetURL(opts, url.c_str());
  natsOptions_SetTimeout(opts, kConnectTimeoutMs);
  natsOptions_SetAllowReconnect(opts, false);
  natsOptions_SetUserCredentialsFromFiles(opts, creds.c_str(), nullptr);
  natsStatus s = natsConnection_Connect(&c->nc, opts);
  if (s != NATS_OK) {
    const char* text = nats_GetLastError(nullptr);
    c->error = std::string(natsStatus_GetText(s)) + ": " + (text ? text : "");
    c->nc = nullptr;
  }
  natsOptions_Destroy(opts);
  return c;
}

// libnats 3.4.1 now and then sends CONNECT without "sig" although the INFO
// carried a nonce (the server logs "Signature missing"; about 1 connect in
// 150, with healthy users too). Each attempt gets a fresh nonce, so a user is
// called refused only when three attempts in a row are refused.
std::unique_ptr<Conn> Connect(const Server& server, const std::string& creds) {
  auto c = ConnectOnce(server, creds);
  for (int attempt = 1; attempt < 3 && !c->ok(); ++attempt) c = ConnectOnce(server, creds);
  return c;
}

// Answers every request with "pong".
void Responder(natsConnection* nc, natsSubscription*, natsMsg* msg, void*) {
  if (natsMsg_GetReply(msg) != nullptr) natsConnection_PublishString(nc, natsMsg_GetReply(msg), "pong");
  natsMsg_Destroy(msg);
}

struct Sub {
  natsSubscription* sub = nullptr;
  ~Sub() {
    if (sub != nullptr) natsSubscription_Destroy(sub);
  }
};

bool Receive(natsSubscription* sub, int64_t timeout_ms) {
  natsMsg* msg = nullptr;
  if (natsSubscription_NextMsg(&msg, sub, timeout_ms) != NATS_OK) return false;
  natsMsg_Destroy(msg);
  return true;
}

// ---------------------------------------------------------------- NL5xx cases

struct ImportPlan {
  std::string kind, exporter, importer, serve, use;
};

ImportPlan ParseImport(const nlohmann::json& j, const fs::path& dir) {
  return {j.at("kind"), (dir / j.at("exporter_creds").get<std::string>()).string(),
          (dir / j.at("importer_creds").get<std::string>()).string(), j.at("serve"), j.at("use")};
}

struct Nl5Case {
  std::string name;
  fs::path dir;
};
void PrintTo(const Nl5Case& c, std::ostream* os) {
  *os << c.name;
}

std::vector<Nl5Case> Nl5Cases() {
  std::vector<Nl5Case> out;
  fs::path root = fs::path(SourceDir()) / "fixtures" / "cases";
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::directory_iterator(root)) {
    std::string n = e.path().filename().string();
    if (n.rfind("NL5", 0) == 0 && fs::exists(e.path() / "case.json")) out.push_back({n, e.path()});
  }
  std::sort(out.begin(), out.end(), [](const Nl5Case& a, const Nl5Case& b) { return a.name < b.name; });
  return out;
}

using Nl5Param = std::tuple<Nl5Case, ServerBin>;
class ServerImports : public ::testing::TestWithParam<Nl5Param> {};

TEST_P(ServerImports, ServerAgreesWithCase) {
  const auto& [c, srv] = GetParam();
  auto spec = nlohmann::json::parse(ReadFile((c.dir / "case.json").string()));
  const std::string rule = spec.at("rule");
  if (!fs::exists(c.dir / "server.json")) {
    GTEST_SKIP() << c.name << ": loose files without an operator, nothing for a server to load";
  }
  // What nsclint predicts for this server version: the case's rule fires
  // (dead import), and at error level a rule of the account-rejecting kind
  // means every user of the account is refused.
  bool fire = false, fire_error = false;
  std::string verdict = "nsclint " + srv.version + ": no " + rule;
  for (const auto& input : spec.at("inputs")) {
    for (const auto& f : Findings(c.dir / input.get<std::string>(), srv.version)) {
      // One root cause, one finding: an expired exporter is NL101's finding,
      // which counts the imports it kills ("... import in 'A' dead").
      if (rule == "NL504" && f.value("rule", "") == "NL101" && f.value("level", "") == "error" &&
          f.value("message", "").find(" dead.") != std::string::npos) {
        fire = fire_error = true;
        verdict = "nsclint " + srv.version + ": NL101: " + f.value("message", "");
      }
      if (f.value("rule", "") != rule) continue;
      fire = true;
      fire_error = fire_error || f.value("level", "") == "error";
      verdict = "nsclint " + srv.version + ": " + f.value("level", "") + " " + rule + ": " + f.value("message", "");
    }
  }
  auto plan = nlohmann::json::parse(ReadFile((c.dir / "server.json").string()));
  fs::path store = c.dir / "store";
  fs::path op_dir;
  for (const auto& e : fs::directory_iterator(store)) {
    if (e.is_directory()) op_dir = e.path();
  }
  Server server;
  ASSERT_TRUE(server.Start(op_dir, srv));
  const std::string ctx =
      c.name + " on nats-server " + srv.version + " (" + spec.value("description", "") + "; " + verdict + ")";

  // Users of the other accounts always connect: the server is not refusing everyone.
  for (const auto& h : plan.at("healthy_creds")) {
    auto conn = Connect(server, (c.dir / h.get<std::string>()).string());
    EXPECT_TRUE(conn->ok()) << ctx << ": healthy user " << h << " refused: " << conn->error << "\n" << server.Log();
  }

  // A warning (NL510 across exporters on newer servers) loads the account
  // and leaves the import working.
  fire = fire_error;
  const bool account_rejected =
      fire_error && (rule == "NL506" || rule == "NL508" || rule == "NL509" || rule == "NL510");
  auto subject = Connect(server, (c.dir / plan.at("creds").get<std::string>()).string());
  if (account_rejected) {
    EXPECT_FALSE(subject->ok()) << ctx << ": the server accepted a user of the account nsclint says it rejects\n"
                                << server.Log();
    if (!subject->ok()) {
      EXPECT_NE(subject->error.find("Authorization Violation"), std::string::npos) << ctx << ": " << subject->error;
    }
    return;
  }
  ASSERT_TRUE(subject->ok()) << ctx << ": the account's user was refused: " << subject->error << "\n" << server.Log();
  if (!plan.contains("import")) return;

  ImportPlan imp = ParseImport(plan.at("import"), c.dir);
  ImportPlan ctl = ParseImport(plan.at("control"), c.dir);
  auto importer = Connect(server, imp.importer);
  ASSERT_TRUE(importer->ok()) << ctx << ": importer refused: " << importer->error;
  auto exporter = Connect(server, imp.exporter);
  if (fire && rule == "NL504") {
    // The source account is absent or expired: its own user cannot even connect.
    EXPECT_FALSE(exporter->ok()) << ctx << ": a user of the missing/expired source account connected";
  } else {
    ASSERT_TRUE(exporter->ok()) << ctx << ": exporter refused: " << exporter->error << "\n" << server.Log();
  }
  auto ctl_exporter = Connect(server, ctl.exporter);
  ASSERT_TRUE(ctl_exporter->ok()) << ctx << ": control exporter refused: " << ctl_exporter->error;

  // Subscribe first (stream imports act on the importer's interest), then
  // publish the message under test before the control message: a deliverable
  // message would arrive first.
  Sub ctl_sub, test_sub, responder;
  ASSERT_EQ(natsConnection_SubscribeSync(&ctl_sub.sub, importer->nc, ctl.use.c_str()), NATS_OK);
  bool delivered = false;
  if (imp.kind == "stream") {
    ASSERT_EQ(natsConnection_SubscribeSync(&test_sub.sub, importer->nc, imp.use.c_str()), NATS_OK);
    ASSERT_EQ(natsConnection_FlushTimeout(importer->nc, kConnectTimeoutMs), NATS_OK);
    if (exporter->ok()) {
      ASSERT_EQ(natsConnection_PublishString(exporter->nc, imp.serve.c_str(), "test"), NATS_OK);
      ASSERT_EQ(natsConnection_FlushTimeout(exporter->nc, kConnectTimeoutMs), NATS_OK);
    }
  } else {
    ASSERT_EQ(natsConnection_FlushTimeout(importer->nc, kConnectTimeoutMs), NATS_OK);
    if (exporter->ok()) {
      ASSERT_EQ(natsConnection_Subscribe(&responder.sub, exporter->nc, imp.serve.c_str(), Responder, nullptr), NATS_OK);
      ASSERT_EQ(natsConnection_FlushTimeout(exporter->nc, kConnectTimeoutMs), NATS_OK);
    }
    natsMsg* reply = nullptr;
    natsStatus s =
        natsConnection_RequestString(&reply, importer->nc, imp.use.c_str(), "ping", fire ? 1000 : kMessageTimeoutMs);
    delivered = s == NATS_OK;
    if (reply != nullptr) natsMsg_Destroy(reply);
  }
  ASSERT_EQ(natsConnection_PublishString(ctl_exporter->nc, ctl.serve.c_str(), "control"), NATS_OK);
  ASSERT_EQ(natsConnection_FlushTimeout(ctl_exporter->nc, kConnectTimeoutMs), NATS_OK);
  EXPECT_TRUE(Receive(ctl_sub.sub, kMessageTimeoutMs))
      << ctx << ": the healthy control import " << ctl.use << " did not deliver\n"
      << server.Log();
  if (imp.kind == "stream") delivered = Receive(test_sub.sub, fire ? kAbsentGraceMs : kMessageTimeoutMs);

  if (fire) {
    EXPECT_FALSE(delivered) << ctx << ": the server delivered through the import nsclint reports as dead (" << imp.kind
                            << " " << imp.serve << " -> " << imp.use << ")";
  } else {
    EXPECT_TRUE(delivered) << ctx << ": the near-miss import did not work (" << imp.kind << " " << imp.serve << " -> "
                           << imp.use << ")\n"
                           << server.Log();
  }
}

std::string TestName(const std::string& name, const ServerBin& server) {
  std::string n;
  for (char ch : name) n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return n + "_" + VersionName(server.version);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerImports,
                         ::testing::Combine(::testing::ValuesIn(Nl5Cases()), ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<Nl5Param>& p) {
                           return TestName(std::get<0>(p.param).name, std::get<1>(p.param));
                         });

// ----------------------------------------------------- trust and revocation

// Writes a creds file for a fixture user whose seed is not in the fixtures:
// seeds are sha256("nsclint-fixture/" + label) (fixtures/README.md); checked
// against the JWT's sub so a wrong key cannot pass as "refused".
std::string CredsFromLabel(const TempDir& dir, const fs::path& user_jwt, const std::string& label) {
  std::string jwt = Trim(ReadFile(user_jwt.string()));
  std::string want = Payload(jwt).value("sub", std::string());
  std::string input = "nsclint-fixture/" + label;
  std::array<uint8_t, 32> raw{};
  crypto_hash_sha256(raw.data(), reinterpret_cast<const unsigned char*>(input.data()), input.size());
  // nkeys seed encoding: 0x90 | (role >> 5), (role & 31) << 3, raw, crc16 (little endian); role U = 20 << 3.
  const uint8_t role = 20 << 3;
  std::vector<uint8_t> b = {static_cast<uint8_t>(0x90 | (role >> 5)), static_cast<uint8_t>((role & 31) << 3)};
  b.insert(b.end(), raw.begin(), raw.end());
  uint16_t crc = nkeys::Crc16(b.data(), b.size());
  b.push_back(static_cast<uint8_t>(crc & 0xff));
  b.push_back(static_cast<uint8_t>(crc >> 8));
  std::string seed = nkeys::Base32Encode(b.data(), b.size());
  auto decoded = nkeys::DecodeSeed(seed);
  if (!decoded || decoded->PublicKeyText() != want) {
    ADD_FAILURE() << "label " << label << " does not give the key of " << user_jwt;
    return "";
  }
  fs::path f = dir.path / "user.creds";
  std::ofstream out(f);
  out << "-----BEGIN NATS USER JWT-----\n"
      << jwt << "\n------END NATS USER JWT------\n\n"
      << "************************* IMPORTANT *************************\n"
      << "NKEY Seed printed below can be used to sign and prove identity.\n"
      << "NKEYs are sensitive and should be treated as secrets.\n\n"
      << "-----BEGIN USER NKEY SEED-----\n"
      << seed << "\n------END USER NKEY SEED------\n\n"
      << "*************************************************************\n";
  return f.string();
}

// alice of the typical world of fixture case `name` (store OP, account A).
std::string AliceCreds(const TempDir& dir, const std::string& name) {
  return CredsFromLabel(dir, fs::path(SourceDir()) / "fixtures/cases" / name / "store/OP/accounts/A/users/alice.jwt",
                        "cases/" + name + "/account/OP/A/user/alice");
}

struct TrustCase {
  std::string name;  // fixture case
  bool refused;
};
void PrintTo(const TrustCase& c, std::ostream* os) {
  *os << c.name;
}

using TrustParam = std::tuple<TrustCase, ServerBin>;
class ServerTrust : public ::testing::TestWithParam<TrustParam> {};

// alice of store OP/A, creds derived from her label.
TEST_P(ServerTrust, UserVerdictMatches) {
  const auto& [t, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / t.name;
  auto spec = nlohmann::json::parse(ReadFile((dir / "case.json").string()));
  // Refused exactly when the case expects a finding other than a warning
  // (NL303 is a note on a revoked user; an expired operator is a warning: admitted).
  bool refusal = false;
  for (const auto& e : spec.at("expect")) refusal = refusal || e.value("level", "") != "warning";
  ASSERT_EQ(refusal, t.refused) << t.name << ": the case is not the kind this test expects";
  Server server;
  ASSERT_TRUE(server.Start(dir / "store" / "OP", srv));
  TempDir tmp;
  std::string creds = AliceCreds(tmp, t.name);
  ASSERT_FALSE(creds.empty());
  auto conn = Connect(server, creds);
  if (t.refused) {
    EXPECT_FALSE(conn->ok()) << t.name << ": nats-server " << srv.version << " accepted a user nsclint reports\n"
                             << server.Log();
    if (!conn->ok()) {
      EXPECT_NE(conn->error.find("Authorization Violation"), std::string::npos) << conn->error;
    }
  } else {
    EXPECT_TRUE(conn->ok()) << t.name << " on nats-server " << srv.version << ": " << conn->error << "\n"
                            << server.Log();
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerTrust,
                         ::testing::Combine(::testing::Values(TrustCase{"NL101-expired-user", true},
                                                              TrustCase{"NL101-expired-operator", false},
                                                              TrustCase{"NL303-revoked-at-iat", true},
                                                              TrustCase{"NL303-revoked-by-star", true},
                                                              TrustCase{"NL303-near-miss-revoked-before-iat", false},
                                                              TrustCase{"NL005-user-signed-by-rotated-out-key", true},
                                                              TrustCase{"NL005-user-sk-without-issuer-account", true},
                                                              TrustCase{"NL005-account-signed-by-foreign-operator",
                                                                        true},
                                                              TrustCase{"NL005-near-miss-signing-keys", false}),
                                            ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<TrustParam>& p) {
                           return TestName(std::get<0>(p.param).name, std::get<1>(p.param));
                         });

// ------------------------------------------------------ subjects (NL204)

// The fixture cases named PREFIX* of the typical world (store OP, account A,
// user alice).
std::vector<std::string> CasesOf(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(SourceDir()) / "fixtures" / "cases")) {
    std::string n = e.path().filename().string();
    if (n.rfind(prefix, 0) == 0 && fs::exists(e.path() / "store/OP/accounts/A/users/alice.jwt")) out.push_back(n);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// NL204: nsclint's verdict for the version says whether alice is refused (a
// user refused, or every user of A), and the server of that version agrees.
using SubjectParam = std::tuple<std::string, ServerBin>;
class ServerSubjects : public ::testing::TestWithParam<SubjectParam> {};

TEST_P(ServerSubjects, AliceRefusedExactlyWhenNsclintSays) {
  const auto& [name, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / name;
  bool refused = false;
  std::string verdict = "no refusal";
  for (const auto& f : Findings(dir / "store", srv.version)) {
    if (f.value("rule", "") != "NL204" || f.value("level", "") != "error") continue;
    const std::string message = f.value("message", "");
    // The verdict for this version, not the "(from 2.10.12 ...)" aside.
    const std::string at = "nats-server " + srv.version + " ";
    if (message.find(at + "refuses the user") != std::string::npos ||
        message.find(at + "rejects the whole account") != std::string::npos ||
        message.find("jwt validation fails") != std::string::npos) {
      refused = true;
      verdict = message;
    }
  }
  Server server;
  ASSERT_TRUE(server.Start(dir / "store" / "OP", srv));
  TempDir tmp;
  std::string creds = AliceCreds(tmp, name);
  ASSERT_FALSE(creds.empty());
  auto conn = Connect(server, creds);
  EXPECT_EQ(conn->ok(), !refused) << name << " on nats-server " << srv.version << ": nsclint says: " << verdict
                                  << "\nconnect: " << (conn->ok() ? "accepted" : conn->error) << "\n"
                                  << server.Log();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerSubjects,
                         ::testing::Combine(::testing::ValuesIn(CasesOf("NL204-")), ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<SubjectParam>& p) {
                           return TestName(std::get<0>(p.param), std::get<1>(p.param));
                         });

// ------------------------------ users that cannot work (NL407), claims the library rejects (NL009)

class ServerUsers : public ::testing::TestWithParam<SubjectParam> {};

// What nsclint says of alice for the version decides what must happen when
// she connects: refused, disconnected right after CONNECT, unable to
// publish, or working.
TEST_P(ServerUsers, AliceWorksExactlyWhenNsclintSays) {
  const auto& [name, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / name;
  enum class Verdict { kWorks, kRefused, kDisconnected, kCannotPublish } verdict = Verdict::kWorks;
  std::string said = "alice works";
  auto has = [](const std::string& text, std::initializer_list<const char*> phrases) {
    for (const char* p : phrases) {
      if (text.find(p) != std::string::npos) return true;
    }
    return false;
  };
  for (const auto& f : Findings(dir / "store", srv.version)) {
    const std::string rule = f.value("rule", "");
    if (rule != "NL406" && rule != "NL407" && rule != "NL009") continue;
    const std::string message = f.value("message", "");
    const Verdict before = verdict;
    if (has(message, {"refuses the user", "refuses every user", "every user is refused"})) {
      verdict = Verdict::kRefused;
    } else if (verdict != Verdict::kRefused &&
               has(message, {"disconnects the user right after CONNECT", "disconnects every user"})) {
      verdict = Verdict::kDisconnected;
    } else if (verdict == Verdict::kWorks && has(message, {"no message can be published", "nobody can publish"})) {
      verdict = Verdict::kCannotPublish;
    } else if (f.value("level", "") == "error" && verdict == before) {
      ADD_FAILURE() << "an " << rule << " error this test cannot check: " << message;
    }
    if (verdict != before) said = message;
  }
  Server server;
  ASSERT_TRUE(server.Start(dir / "store" / "OP", srv));
  TempDir tmp;
  std::string creds = AliceCreds(tmp, name);
  ASSERT_FALSE(creds.empty());
  const std::string ctx = name + " on nats-server " + srv.version + ": nsclint says: " + said;
  auto conn = Connect(server, creds);
  if (verdict == Verdict::kRefused) {
    EXPECT_FALSE(conn->ok()) << ctx << "\n" << server.Log();
    return;
  }
  if (verdict == Verdict::kDisconnected) {
    // Admitted (or refused in the same breath), then closed: never usable.
    bool alive = conn->ok();
    if (alive) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      alive = natsConnection_FlushTimeout(conn->nc, 1000) == NATS_OK && !natsConnection_IsClosed(conn->nc);
    }
    EXPECT_FALSE(alive) << ctx << "\n" << server.Log();
    return;
  }
  ASSERT_TRUE(conn->ok()) << ctx << ": " << conn->error << "\n" << server.Log();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(natsConnection_FlushTimeout(conn->nc, 1000), NATS_OK) << ctx << "\n" << server.Log();
  if (verdict == Verdict::kCannotPublish) {
    // The client refuses (max_payload 0) or the server drops it (deny '>'):
    // either way alice never receives what she published.
    natsSubscription* sub = nullptr;
    ASSERT_EQ(natsConnection_SubscribeSync(&sub, conn->nc, "app.alice.test"), NATS_OK) << ctx;
    natsStatus published = natsConnection_PublishString(conn->nc, "app.alice.test", "payload");
    natsConnection_FlushTimeout(conn->nc, 1000);
    natsMsg* msg = nullptr;
    natsStatus received = natsSubscription_NextMsg(&msg, sub, 500);
    if (msg != nullptr) natsMsg_Destroy(msg);
    natsSubscription_Destroy(sub);
    EXPECT_TRUE(published != NATS_OK || received != NATS_OK) << ctx << ": a published message arrived\n"
                                                             << server.Log();
    return;
  }
  natsStatus published = natsConnection_PublishString(conn->nc, "app.alice.test", "payload");
  EXPECT_EQ(published, NATS_OK) << ctx;
  EXPECT_EQ(natsConnection_FlushTimeout(conn->nc, 1000), NATS_OK) << ctx << "\n" << server.Log();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerUsers,
                         ::testing::Combine(::testing::ValuesIn([] {
                                              auto cases = CasesOf("NL406-");
                                              for (auto& c : CasesOf("NL407-")) cases.push_back(c);
                                              for (auto& c : CasesOf("NL009-")) cases.push_back(c);
                                              return cases;
                                            }()),
                                            ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<SubjectParam>& p) {
                           return TestName(std::get<0>(p.param), std::get<1>(p.param));
                         });

// ------------------------------------------- servers that refuse to start (NL408, NL409)

class ServerStartup : public ::testing::TestWithParam<SubjectParam> {};

// The server (JetStream enabled) starts exactly when nsclint reports no
// NL408/NL409 error for its version, nor an NL201 account too large to decode.
TEST_P(ServerStartup, StartsExactlyWhenNsclintSays) {
  const auto& [name, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / name;
  bool refuses = false;
  std::string said = "the server starts";
  for (const auto& f : Findings(dir / "store", srv.version)) {
    const std::string rule = f.value("rule", "");
    const std::string message = f.value("message", "");
    // NL201: an account JWT the server cannot decode stops a server that preloads it.
    const bool stops =
        (rule == "NL408" || rule == "NL409") ||
        (rule == "NL201" && message.find("preloads it (resolver_preload) does not start") != std::string::npos);
    if (stops && f.value("level", "") == "error") {
      refuses = true;
      said = message;
    }
  }
  TempDir store;
  Server server;
  ::testing::AssertionResult started =
      server.Start(dir / "store" / "OP", srv, "jetstream: {store_dir: \"" + store.path.string() + "\"}\n");
  const std::string ctx = name + " on nats-server " + srv.version + ": nsclint says: " + said;
  if (refuses) {
    EXPECT_FALSE(started) << ctx;
    EXPECT_TRUE(server.exited_at_startup()) << ctx << "\n" << server.Log();
  } else {
    EXPECT_TRUE(started) << ctx;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ServerStartup,
    ::testing::Combine(::testing::Values("NL201-account-exactly-1-mib", "NL201-account-over-1-mib",
                                         "NL408-near-miss-flat-limits-under-empty-tier",
                                         "NL408-near-miss-other-account-jetstream",
                                         "NL408-system-account-flat-jetstream", "NL408-system-account-tiered-jetstream",
                                         "NL409-asserts-future-version", "NL409-malformed-version",
                                         "NL409-near-miss-asserts-2-12-0", "NL409-near-miss-asserts-old-version"),
                       ::testing::ValuesIn(Servers())),
    [](const ::testing::TestParamInfo<SubjectParam>& p) {
      return TestName(std::get<0>(p.param), std::get<1>(p.param));
    });

// ------------------------------------------------- leafnodes (NL406's leaf clause)

class ServerLeaf : public ::testing::TestWithParam<SubjectParam> {};

// A second server (same version, no operator) connects to the case's
// server as a leafnode with alice's creds: the leafnode link comes up
// exactly when nsclint reports no refused leafnode connection for account A.
TEST_P(ServerLeaf, AliceLeafnodeConnectsExactlyWhenNsclintSays) {
  const auto& [name, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / name;
  bool refused = false;
  std::string said = "the leafnode connects";
  for (const auto& f : Findings(dir / "store", srv.version)) {
    const std::string message = f.value("message", "");
    if (f.value("rule", "") == "NL406" && message.find("refuses every leafnode connection") != std::string::npos) {
      refused = true;
      said = message;
    }
  }
  const int leaf_port = FreePort();
  ASSERT_GT(leaf_port, 0);
  Server hub;
  ASSERT_TRUE(
      hub.Start(dir / "store" / "OP", srv, "leafnodes: { listen: \"127.0.0.1:" + std::to_string(leaf_port) + "\" }\n"));
  TempDir tmp;
  std::string creds = AliceCreds(tmp, name);
  ASSERT_FALSE(creds.empty());
  Server leaf;
  ASSERT_TRUE(leaf.Launch(srv, "leafnodes: { remotes: [ { url: \"nats-leaf://127.0.0.1:" + std::to_string(leaf_port) +
                                   "\", credentials: \"" + creds + "\" } ] }\n"));
  // The hub logs "Leafnode connection created" when it accepts the socket,
  // before authentication; a refused leafnode is then closed ("authentication
  // error", "Authentication Failure", or the account limit) and retried every
  // second. Accepted: created and still open a while later.
  bool created = false;
  for (auto deadline = Clock::now() + std::chrono::seconds(8); Clock::now() < deadline && !created;) {
    created = hub.Log().find("Leafnode connection created") != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(created) << name << ": no leafnode reached the hub\n" << hub.Log() << "\nleaf:\n" << leaf.Log();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const bool closed = hub.Log().find("Leafnode connection closed") != std::string::npos;
  const std::string ctx = name + " on nats-server " + srv.version + ": nsclint says: " + said;
  EXPECT_EQ(closed, refused) << ctx << "\nhub:\n" << hub.Log() << "\nleaf:\n" << leaf.Log();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerLeaf,
                         ::testing::Combine(::testing::Values("NL406-leaf-missing-with-leafnode-user",
                                                              "NL406-leaf-zero-with-leafnode-user",
                                                              "NL406-near-miss-conn-unlimited"),
                                            ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<SubjectParam>& p) {
                           return TestName(std::get<0>(p.param), std::get<1>(p.param));
                         });

class ServerMatrix : public ::testing::TestWithParam<ServerBin> {};
std::string MatrixName(const ::testing::TestParamInfo<ServerBin>& p) {
  return VersionName(p.param.version);
}

TEST_P(ServerMatrix, RevokedCredsFileRefused) {
  fs::path dir = fs::path(SourceDir()) / "fixtures/cases/NL303-revoked-user-jwt-and-creds";
  Server server;
  ASSERT_TRUE(server.Start(dir / "store/OP", GetParam()));
  auto conn = Connect(server, (dir / "keys/creds/OP/A/alice.creds").string());
  EXPECT_FALSE(conn->ok()) << server.Log();
}

// The clean store: every user connects and both of shop's imports work.
TEST_P(ServerMatrix, CleanStoreUsersConnectAndImportsWork) {
  fs::path clean = fs::path(SourceDir()) / "fixtures/clean";
  Server server;
  ASSERT_TRUE(server.Start(clean / "store/prod", GetParam()));
  std::map<std::string, std::unique_ptr<Conn>> users;
  for (const auto& e : fs::recursive_directory_iterator(clean / "keys/creds")) {
    if (e.path().extension() != ".creds") continue;
    auto conn = Connect(server, e.path().string());
    EXPECT_TRUE(conn->ok()) << e.path() << ": " << conn->error << "\n" << server.Log();
    users[e.path().stem().string()] = std::move(conn);
  }
  ASSERT_EQ(users.size(), 4u);
  for (const char* u : {"stocker", "web", "checkout"}) ASSERT_TRUE(users[u] && users[u]->ok()) << u;
  natsConnection* stocker = users["stocker"]->nc;
  natsConnection* web = users["web"]->nc;
  Sub updates, lookup;
  ASSERT_EQ(natsConnection_SubscribeSync(&updates.sub, web, "inventory.updates.>"), NATS_OK);
  ASSERT_EQ(natsConnection_FlushTimeout(web, kConnectTimeoutMs), NATS_OK);
  ASSERT_EQ(natsConnection_Subscribe(&lookup.sub, stocker, "inventory.lookup", Responder, nullptr), NATS_OK);
  ASSERT_EQ(natsConnection_PublishString(stocker, "inventory.updates.sku1", "42"), NATS_OK);
  ASSERT_EQ(natsConnection_FlushTimeout(stocker, kConnectTimeoutMs), NATS_OK);
  EXPECT_TRUE(Receive(updates.sub, kMessageTimeoutMs)) << "public stream import inventory.updates.>";
  natsMsg* reply = nullptr;
  EXPECT_EQ(natsConnection_RequestString(&reply, users["checkout"]->nc, "inventory.lookup", "sku1", kMessageTimeoutMs),
            NATS_OK)
      << "private service import inventory.lookup (activation token)";
  if (reply != nullptr) natsMsg_Destroy(reply);
}

INSTANTIATE_TEST_SUITE_P(Servers, ServerMatrix, ::testing::ValuesIn(Servers()), MatrixName);

// The matrix is what NSCLINT_SERVERS says, each binary the version it claims.
TEST_P(ServerMatrix, BinaryIsTheClaimedVersion) {
  const ServerBin& srv = GetParam();
  TempDir tmp;
  fs::path out = tmp.path / "version.txt";
  std::string cmd = "'" + srv.path + "' --version > '" + out.string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  EXPECT_NE(ReadFile(out.string()).find("v" + srv.version), std::string::npos)
      << srv.path << " is not nats-server " << srv.version << ": " << ReadFile(out.string());
}

// ------------------------------------- features of nats-server 2.10+ (NL801-NL804)

class ServerFeatures : public ::testing::TestWithParam<SubjectParam> {};

// What nsclint says for the version decides whether alice of account A is
// admitted: refused when an NL8xx error says the server rejects the whole
// account, when A runs an auth callout (NL801: every user that is not an
// auth user is sent to the callout, and none answers here), or when NL406
// says every user is refused. For the NL802 cases whose mappings do not
// depend on a cluster, a message alice publishes on the mapping's source
// arrives on the original subject exactly when nsclint says the server drops
// the mapping.
TEST_P(ServerFeatures, AliceAndMappingsAsNsclintSays) {
  const auto& [name, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / name;
  bool refused = false, dropped = false;
  std::string said = "alice is admitted";
  for (const auto& f : Findings(dir / "store", srv.version)) {
    const std::string rule = f.value("rule", "");
    const std::string level = f.value("level", "");
    const std::string message = f.value("message", "");
    const bool rejects = rule.rfind("NL80", 0) == 0 && level == "error" &&
                         message.find("rejects the whole account") != std::string::npos;
    const bool callout =
        rule == "NL801" && (message.find("sends every user that is not in auth_users") != std::string::npos ||
                            message.find("nobody can log in") != std::string::npos ||
                            message.find("refuses every login") != std::string::npos);
    const bool no_conn =
        rule == "NL406" && level == "error" && message.find("every user is refused") != std::string::npos;
    if (rejects || callout || no_conn) {
      refused = true;
      said = message;
    }
    if (rule == "NL802" && message.find("drops the whole mapping silently") != std::string::npos) {
      dropped = true;
      if (!refused) said = message;
    }
  }
  Server server;
  ASSERT_TRUE(server.Start(dir / "store" / "OP", srv));
  TempDir tmp;
  std::string creds = AliceCreds(tmp, name);
  ASSERT_FALSE(creds.empty());
  const std::string ctx = name + " on nats-server " + srv.version + ": nsclint says: " + said;
  if (refused) {
    // One attempt: a callout account keeps the client waiting for the (absent) callout.
    auto conn = ConnectOnce(server, creds);
    EXPECT_FALSE(conn->ok()) << ctx << "\n" << server.Log();
    return;
  }
  auto conn = Connect(server, creds);
  ASSERT_TRUE(conn->ok()) << ctx << ": " << conn->error << "\n" << server.Log();
  // The account's cluster-less mapping under app.alice, if any: publish on its source.
  auto account = Payload(Trim(ReadFile((dir / "store/OP/accounts/A/A.jwt").string())));
  const auto mappings = account.value("/nats/mappings"_json_pointer, nlohmann::json::object());
  for (const auto& [source, dests] : mappings.items()) {
    bool clustered = false;
    for (const auto& d : dests) clustered = clustered || !d.value("cluster", std::string()).empty();
    if (clustered || source.rfind("app.alice.", 0) != 0) continue;
    std::string subject = source;
    for (char& ch : subject) {
      if (ch == '*' || ch == '>') ch = 'x';
    }
    Sub sub;
    ASSERT_EQ(natsConnection_SubscribeSync(&sub.sub, conn->nc, "app.alice.>"), NATS_OK);
    ASSERT_EQ(natsConnection_FlushTimeout(conn->nc, 1000), NATS_OK) << ctx;
    ASSERT_EQ(natsConnection_PublishString(conn->nc, subject.c_str(), "m"), NATS_OK) << ctx;
    natsMsg* msg = nullptr;
    ASSERT_EQ(natsSubscription_NextMsg(&msg, sub.sub, 2000), NATS_OK) << ctx << ": nothing arrived\n" << server.Log();
    const std::string got = natsMsg_GetSubject(msg);
    natsMsg_Destroy(msg);
    if (dropped) {
      EXPECT_EQ(got, subject) << ctx << ": the mapping of " << source << " was applied\n" << server.Log();
    } else {
      EXPECT_NE(got, subject) << ctx << ": the mapping of " << source << " was not applied\n" << server.Log();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerFeatures,
                         ::testing::Combine(::testing::ValuesIn([] {
                                              std::vector<std::string> cases;
                                              for (const char* p : {"NL801-", "NL802-", "NL803-", "NL804-"}) {
                                                for (auto& c : CasesOf(p)) cases.push_back(c);
                                              }
                                              return cases;
                                            }()),
                                            ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<SubjectParam>& p) {
                           return TestName(std::get<0>(p.param), std::get<1>(p.param));
                         });

// The callout service's own user ('auth' of account A in the NL801 cases) is
// admitted without the callout exactly when nsclint does not call it expired,
// revoked or foreign; when nsclint says it cannot subscribe to
// $SYS.REQ.USER.AUTH, the server refuses that subscription.
void RecordAsyncError(natsConnection*, natsSubscription*, natsStatus err, void* closure) {
  *static_cast<std::atomic<int>*>(closure) = static_cast<int>(err);
}

class ServerCallout : public ::testing::TestWithParam<SubjectParam> {};

TEST_P(ServerCallout, ServiceUserAsNsclintSays) {
  const auto& [name, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / name;
  const fs::path auth_jwt = dir / "store/OP/accounts/A/users/auth.jwt";
  ASSERT_TRUE(fs::exists(auth_jwt)) << name << " has no callout service user";
  bool refused = false, rejected = false, cannot_subscribe = false, callout_on = false;
  std::string said = "the auth user works";
  for (const auto& f : Findings(dir / "store", srv.version)) {
    const std::string message = f.value("message", "");
    const std::string rule = f.value("rule", "");
    if (rule == "NL101" && f.value("level", "") == "error") refused = true, said = message;
    if (rule != "NL801") continue;
    callout_on = callout_on || message.find("sends every user that is not in auth_users") != std::string::npos;
    if (message.find("rejects the whole account") != std::string::npos) rejected = true, said = message;
    if (message.find("auth user '") != std::string::npos && message.find("cannot subscribe") != std::string::npos) {
      cannot_subscribe = true, said = message;
    }
  }
  Server server;
  ASSERT_TRUE(server.Start(dir / "store" / "OP", srv));
  TempDir tmp;
  std::string creds = CredsFromLabel(tmp, auth_jwt, "cases/" + name + "/account/OP/A/user/auth");
  ASSERT_FALSE(creds.empty());
  const std::string ctx = name + " on nats-server " + srv.version + ": nsclint says: " + said;
  if (refused || rejected) {
    auto conn = ConnectOnce(server, creds);
    EXPECT_FALSE(conn->ok()) << ctx << "\n" << server.Log();
    return;
  }
  std::atomic<int> async_error{0};
  natsOptions* opts = nullptr;
  ASSERT_EQ(natsOptions_Create(&opts), NATS_OK);
  const std::string url = "nats://127.0.0.1:" + std::to_string(server.port());
  natsOptions_SetURL(opts, url.c_str());
  natsOptions_SetTimeout(opts, kConnectTimeoutMs);
  natsOptions_SetAllowReconnect(opts, false);
  natsOptions_SetUserCredentialsFromFiles(opts, creds.c_str(), nullptr);
  natsOptions_SetErrorHandler(opts, RecordAsyncError, &async_error);
  Conn conn;
  natsStatus s = NATS_ERR;
  for (int attempt = 0; attempt < 3 && s != NATS_OK; ++attempt) s = natsConnection_Connect(&conn.nc, opts);
  natsOptions_Destroy(opts);
  ASSERT_EQ(s, NATS_OK) << ctx << "\n" << server.Log();
  if (!callout_on) return;  // no callout on this version: nsclint judges no service permissions
  Sub sub;
  ASSERT_EQ(natsConnection_SubscribeSync(&sub.sub, conn.nc, "$SYS.REQ.USER.AUTH"), NATS_OK);
  natsConnection_FlushTimeout(conn.nc, 1000);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const bool violation = async_error.load() == static_cast<int>(NATS_NOT_PERMITTED) ||
                         server.Log().find("Subscription Violation") != std::string::npos;
  EXPECT_EQ(violation, cannot_subscribe) << ctx << "\nasync error " << async_error.load() << "\n" << server.Log();
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerCallout,
                         ::testing::Combine(::testing::ValuesIn([] {
                                              std::vector<std::string> cases;
                                              for (auto& c : CasesOf("NL801-")) {
                                                const fs::path user = fs::path(SourceDir()) / "fixtures/cases" / c /
                                                                      "store/OP/accounts/A/users/auth.jwt";
                                                if (fs::exists(user)) cases.push_back(c);
                                              }
                                              return cases;
                                            }()),
                                            ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<SubjectParam>& p) {
                           return TestName(std::get<0>(p.param), std::get<1>(p.param));
                         });

// NL804: flat JetStream limits next to tiers are discarded, the tiers apply:
// $JS.API.INFO on a JetStream server shows what alice's account really has.
class ServerJetStreamLimits : public ::testing::TestWithParam<SubjectParam> {};

TEST_P(ServerJetStreamLimits, AccountInfoShowsWhatNsclintSays) {
  const auto& [name, srv] = GetParam();
  fs::path dir = fs::path(SourceDir()) / "fixtures" / "cases" / name;
  bool flat_ignored = false;
  for (const auto& f : Findings(dir / "store", srv.version)) {
    if (f.value("rule", "") == "NL804" &&
        f.value("message", "").find("discards the flat limits") != std::string::npos) {
      flat_ignored = true;
    }
  }
  auto account = Payload(Trim(ReadFile((dir / "store/OP/accounts/A/A.jwt").string())));
  const auto limits = account.at("nats").at("limits");
  TempDir store;
  Server server;
  ASSERT_TRUE(server.Start(dir / "store" / "OP", srv, "jetstream: {store_dir: \"" + store.path.string() + "\"}\n"));
  TempDir tmp;
  std::string creds = AliceCreds(tmp, name);
  ASSERT_FALSE(creds.empty());
  auto conn = Connect(server, creds);
  ASSERT_TRUE(conn->ok()) << conn->error << "\n" << server.Log();
  natsMsg* reply = nullptr;
  ASSERT_EQ(natsConnection_RequestString(&reply, conn->nc, "$JS.API.INFO", "", 2000), NATS_OK) << server.Log();
  auto info = nlohmann::json::parse(std::string(natsMsg_GetData(reply), natsMsg_GetDataLength(reply)), nullptr, false);
  natsMsg_Destroy(reply);
  ASSERT_FALSE(info.is_discarded());
  const std::string ctx = name + " on nats-server " + srv.version + ": " + info.dump();
  ASSERT_FALSE(info.contains("error")) << ctx;
  const int64_t flat_mem = limits.value("mem_storage", int64_t{0}),
                flat_disk = limits.value("disk_storage", int64_t{0});
  const int64_t shown_mem = info.value("/limits/max_memory"_json_pointer, int64_t{0});
  const int64_t shown_disk = info.value("/limits/max_storage"_json_pointer, int64_t{0});
  if (flat_ignored) {
    // The flat values are nowhere; every tier of the JWT is there with its own limits.
    EXPECT_FALSE(flat_mem != 0 && shown_mem == flat_mem) << ctx;
    EXPECT_FALSE(flat_disk != 0 && shown_disk == flat_disk) << ctx;
    for (const auto& [tier, t] : limits.at("tiered_limits").items()) {
      const std::string ptr = "/tiers/" + tier + "/limits/max_memory";
      EXPECT_EQ(info.value(nlohmann::json::json_pointer(ptr), int64_t{-2}), t.value("mem_storage", int64_t{0})) << ctx;
    }
  } else {
    EXPECT_EQ(shown_mem, flat_mem) << ctx;
    EXPECT_EQ(shown_disk, flat_disk) << ctx;
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ServerJetStreamLimits,
                         ::testing::Combine(::testing::Values("NL804-flat-limits-next-to-tiers",
                                                              "NL804-near-miss-flat-only"),
                                            ::testing::ValuesIn(Servers())),
                         [](const ::testing::TestParamInfo<SubjectParam>& p) {
                           return TestName(std::get<0>(p.param), std::get<1>(p.param));
                         });

}  // namespace
}  // namespace nsclint::testing
