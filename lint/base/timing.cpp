#include "lint/base/timing.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>

namespace nsclint::timing {
namespace {

struct Store {
  std::mutex mu;
  struct Phase {
    std::string name;
    double seconds = 0;
    long rss_kb = 0, peak_kb = 0;  // after the phase last ended
  };
  std::vector<Phase> phases;
};

// Current and peak resident set of this process, from /proc (0 when unreadable).
void ReadRss(long& rss_kb, long& peak_kb) {
  rss_kb = peak_kb = 0;
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (f == nullptr) return;
  char line[256];
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::sscanf(line, "VmRSS: %ld", &rss_kb) == 1) continue;
    std::sscanf(line, "VmHWM: %ld", &peak_kb);
  }
  std::fclose(f);
}

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
  long rss_kb = 0, peak_kb = 0;
  ReadRss(rss_kb, peak_kb);
  Store& s = TheStore();
  std::lock_guard<std::mutex> lock(s.mu);
  for (auto& p : s.phases) {
    if (p.name == name) {
      p.seconds += seconds;
      p.rss_kb = rss_kb;
      p.peak_kb = peak_kb;
      return;
    }
  }
  s.phases.push_back({std::string(name), seconds, rss_kb, peak_kb});
}

std::string Render() {
  if (!Enabled()) return "";
  Store& s = TheStore();
  std::lock_guard<std::mutex> lock(s.mu);
  std::string out;
  char buf[96];
  for (const auto& p : s.phases) {
    std::snprintf(buf, sizeof buf, " %.1f ms (rss %ld MB, peak %ld MB)\n", p.seconds * 1000.0, p.rss_kb / 1024,
                  p.peak_kb / 1024);
    out += "nsclint-timing: " + p.name + buf;
  }
  return out;
}

}  // namespace nsclint::timing
