#include "lint/timing.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>

namespace nsclint::timing {
namespace {

struct Store {
  std::mutex mu;
  std::vector<std::pair<std::string, double>> phases;
};

Store& TheStore() {
  static Store s;
  return s;
}

}  // namespace

bool Enabled() {
  static const bool on = [] {
    const char* v = std::getenv("NSCLINT_TIMINGS");
    return v != nullptr && *v != '\0' && std::string_view(v) != "0";
  }();
  return on;
}

void Record(std::string_view name, double seconds) {
  Store& s = TheStore();
  std::lock_guard<std::mutex> lock(s.mu);
  for (auto& [n, total] : s.phases) {
    if (n == name) {
      total += seconds;
      return;
    }
  }
  s.phases.emplace_back(std::string(name), seconds);
}

std::string Render() {
  if (!Enabled()) return "";
  Store& s = TheStore();
  std::lock_guard<std::mutex> lock(s.mu);
  std::string out;
  char buf[64];
  for (const auto& [name, seconds] : s.phases) {
    std::snprintf(buf, sizeof buf, " %.1f ms\n", seconds * 1000.0);
    out += "nsclint-timing: " + name + buf;
  }
  return out;
}

}  // namespace nsclint::timing
