// The floor of nsclint's large-store benchmark: the least any linter must do
// to verify a store. It walks the folder, reads every .jwt file, finds the
// issuer key in the payload and checks the ed25519 signature with libsodium,
// on `-j` threads (default: all cores), and nothing else: no claims parsing,
// no model, no rules, no output beyond one summary line.
//
//   floor [-j N] DIR
//
// Build: g++ -O2 -std=c++20 floor.cpp -lsodium -pthread (bench/large.sh does it).
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

bool B64UrlDecode(std::string_view in, std::string* out) {
  out->clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = B64Value(c);
    if (v < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return true;
}

// Public nkey: base32 of prefix byte + 32-byte key + 2-byte CRC (CRC not checked).
bool DecodePublicKey(std::string_view text, unsigned char key[32]) {
  if (text.size() != 56) return false;
  unsigned char raw[35];
  uint32_t acc = 0;
  int bits = 0;
  size_t n = 0;
  for (char c : text) {
    int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
    if (v < 0) return false;
    acc = (acc << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      if (n < sizeof raw) raw[n++] = static_cast<unsigned char>((acc >> bits) & 0xff);
    }
  }
  if (n != sizeof raw) return false;
  std::memcpy(key, raw + 1, 32);
  return true;
}

bool ReadFile(const std::string& path, std::string* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  out->clear();
  char buf[8192];
  for (;;) {
    ssize_t r = ::read(fd, buf, sizeof buf);
    if (r < 0) {
      ::close(fd);
      return false;
    }
    if (r == 0) break;
    out->append(buf, static_cast<size_t>(r));
  }
  ::close(fd);
  return true;
}

// One token: true when its signature verifies with the key in "iss".
bool Verify(std::string_view text, std::string* payload, std::string* sig) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  size_t d1 = text.find('.');
  size_t d2 = d1 == std::string_view::npos ? d1 : text.find('.', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  if (!B64UrlDecode(text.substr(d1 + 1, d2 - d1 - 1), payload)) return false;
  size_t at = payload->find("\"iss\":\"");
  if (at == std::string::npos || at + 7 + 56 > payload->size()) return false;
  unsigned char key[32];
  if (!DecodePublicKey(std::string_view(*payload).substr(at + 7, 56), key)) return false;
  if (!B64UrlDecode(text.substr(d2 + 1), sig) || sig->size() != crypto_sign_BYTES) return false;
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                     reinterpret_cast<const unsigned char*>(text.data()), d2, key) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string dir;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-j" && i + 1 < argc) {
      jobs = static_cast<unsigned>(std::stoul(argv[++i]));
    } else {
      dir = a;
    }
  }
  if (dir.empty() || sodium_init() < 0) {
    std::fprintf(stderr, "usage: floor [-j N] DIR\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".jwt") files.push_back(e.path().string());
  }
  std::atomic<size_t> next{0}, valid{0}, bytes{0};
  auto work = [&] {
    std::string content, payload, sig;
    size_t ok = 0, read = 0;
    for (size_t i = next++; i < files.size(); i = next++) {
      if (!ReadFile(files[i], &content)) continue;
      read += content.size();
      if (Verify(content, &payload, &sig)) ++ok;
    }
    valid += ok;
    bytes += read;
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < jobs; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("floor files=%zu valid=%zu bytes=%zu seconds=%.3f\n", files.size(), valid.load(), bytes.load(), secs);
  return valid.load() == files.size() ? 0 : 1;
}
