#include "mxconf/harness/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace mxconf::harness {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kLongCheck = std::chrono::seconds(3);  // a bar only for checks that take longer than this
constexpr auto kRedraw = std::chrono::milliseconds(100);
constexpr std::size_t kWidth = 100;                   // the status line is cut to this many columns
constexpr auto kLogEvery = std::chrono::seconds(3);   // not a terminal: at most one line per this, and one
                                                      // while a long check runs

std::string seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, s < 10 ? "%.2f s" : "%.0f s", s);
  return buffer;
}

}  // namespace

ProgressDisplay::ProgressDisplay(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

bool ProgressDisplay::stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

void ProgressDisplay::begin_run(std::string_view kernel, std::string_view profile, std::size_t checks) {
  std::lock_guard lock(mutex_);
  total_ = checks;
  last_draw_ = Clock::now();
  if (!terminal_)
    out_ << "mxconf run: " << kernel << " under profile " << profile << ": " << checks << " checks\n" << std::flush;
}

void ProgressDisplay::begin_check(std::size_t index, std::string_view name) {
  std::lock_guard lock(mutex_);
  index_ = index;
  name_ = name;
  fraction_ = -1;
  check_start_ = Clock::now();
  if (terminal_) draw_locked();
}

void ProgressDisplay::update(double done_fraction) {
  std::lock_guard lock(mutex_);
  fraction_ = std::clamp(done_fraction, 0.0, 1.0);
  if (terminal_ && Clock::now() - last_draw_ >= kRedraw) draw_locked();
}

void ProgressDisplay::tick() {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (terminal_ && now - check_start_ > kLongCheck && now - last_draw_ >= kRedraw) draw_locked();
  if (!terminal_ && now - check_start_ > kLongCheck && now - last_draw_ >= kLogEvery) {
    // A long check in a log: one line every few seconds, so CI shows it is alive.
    last_draw_ = now;
    out_ << "[" << index_ + 1 << "/" << total_ << "] running " << name_;
    if (fraction_ >= 0) out_ << " " << std::lround(fraction_ * 100) << "%";
    out_ << " (" << seconds(std::chrono::duration<double>(now - check_start_).count()) << ")\n" << std::flush;
  }
}

void ProgressDisplay::draw_locked() {
  last_draw_ = Clock::now();
  std::string line = "[" + std::to_string(index_ + 1) + "/" + std::to_string(total_) + "] " + name_;
  const auto elapsed = std::chrono::duration<double>(last_draw_ - check_start_).count();
  if (last_draw_ - check_start_ > kLongCheck) {
    if (fraction_ >= 0) {
      constexpr int kBar = 20;
      const int filled = static_cast<int>(std::lround(fraction_ * kBar));
      line += " [" + std::string(static_cast<std::size_t>(filled), '#') +
              std::string(static_cast<std::size_t>(kBar - filled), '.') + "] " +
              std::to_string(static_cast<int>(std::lround(fraction_ * 100))) + "%";
    }
    line += " " + seconds(elapsed);
  }
  if (line.size() > kWidth) line = line.substr(0, kWidth - 3) + "...";
  out_ << '\r' << line << "\033[K" << std::flush;
  drawn_ = true;
}

void ProgressDisplay::end_check(const conformance::CheckResult& result) {
  std::lock_guard lock(mutex_);
  if (terminal_) return;  // the next begin_check redraws the line
  // In a log: a line for a failure or a kernel error, for the last check, and otherwise at most one every few
  // seconds (a run of 354 checks no longer writes 354 lines).
  const auto now = Clock::now();
  const bool bad = result.status == conformance::CheckStatus::fail ||
                   result.status == conformance::CheckStatus::kernel_error;
  if (!bad && index_ + 1 != total_ && now - last_draw_ < kLogEvery) return;
  last_draw_ = now;
  out_ << "[" << index_ + 1 << "/" << total_ << "] " << conformance::to_string(result.status) << " "
       << result.name << " (" << seconds(result.seconds) << ")";
  if (result.status == conformance::CheckStatus::kernel_error && !result.note.empty()) out_ << ": " << result.note;
  out_ << '\n' << std::flush;
}

void ProgressDisplay::end_run() {
  std::lock_guard lock(mutex_);
  if (terminal_ && drawn_) out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace mxconf::harness
