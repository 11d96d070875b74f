#include "mxconf/harness/isolation.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string_view>

#include "mxconf/harness/result_codec.hpp"

namespace mxconf::harness {
namespace {

using conformance::CheckResult;
using conformance::CheckStatus;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kTick{200};

CheckResult error_result(const conformance::Check& check, std::string note) {
  CheckResult r;
  r.name = check.name();
  r.operation = check.operation();
  r.tier = check.tier() == conformance::Tier::fast ? "fast" : "exhaustive";
  r.status = CheckStatus::kernel_error;
  r.note = std::move(note);
  return r;
}

void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // the parent has gone: nothing to tell anyone
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// The child: never returns.
[[noreturn]] void child_main(int fd, pid_t parent, const conformance::Check& check, const mxconf_kernel& kernel,
                             const conformance::RunContext& context) {
  // Die with the parent (Ctrl-C on mxconf must not leave a hung kernel spinning).
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(125);
  conformance::RunContext child_context = context;
  // Progress lines: at most one per 100 ms and only when the permille changes; write() of a short line is atomic,
  // so threads inside the check may report concurrently.
  std::atomic<long long> last_ms{-1'000'000};
  std::atomic<int> last_permille{-1};
  const auto start = Clock::now();
  child_context.progress = [fd, &last_ms, &last_permille, start](double fraction) {
    const int permille = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 1000));
    const long long now =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    long long previous = last_ms.load();
    if (permille == last_permille.load() || now - previous < 100) return;
    if (!last_ms.compare_exchange_strong(previous, now)) return;
    last_permille = permille;
    char line[32];
    const int n = std::snprintf(line, sizeof line, "progress %d\n", permille);
    if (n > 0) write_all(fd, std::string_view(line, static_cast<std::size_t>(n)));
  };
  std::string text;
  try {
    text = serialize_result(run_in_process(check, kernel, child_context));
  } catch (...) {
    ::_exit(124);
  }
  write_all(fd, text);
  ::close(fd);
  ::_exit(0);  // no atexit handlers, no static destructors, no flushing of the parent's buffers
}

}  // namespace

std::string signal_name(int signal_number) {
  if (const char* abbrev = ::sigabbrev_np(signal_number)) return std::string("SIG") + abbrev;
  return "signal " + std::to_string(signal_number);
}

std::string seconds_text(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  char buffer[32];
  const auto r = std::to_chars(buffer, buffer + sizeof buffer, static_cast<double>(ms) / 1000.0);
  return std::string(buffer, r.ptr) + " s";
}

CheckResult run_in_process(const conformance::Check& check, const mxconf_kernel& kernel,
                           const conformance::RunContext& context) {
  const auto start = Clock::now();
  CheckResult r;
  try {
    r = conformance::run_check(check, kernel, context);
  } catch (const std::exception& e) {
    r = error_result(check, std::string("the check stopped with an error: ") + e.what());
  } catch (...) {
    r = error_result(check, "the check stopped with an unknown exception");
  }
  if (r.seconds == 0) r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

CheckResult run_isolated(const conformance::Check& check, const mxconf_kernel& kernel,
                         const conformance::RunContext& context, const IsolationOptions& options) {
  const auto start = Clock::now();
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return error_result(check, std::string("cannot isolate the check: pipe: ") + std::strerror(errno));
  // What the parent has buffered must not be written twice (the child never flushes, but be safe).
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return error_result(check, std::string("cannot isolate the check: fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    child_main(fds[1], parent, check, kernel, context);
  }
  ::close(fds[1]);
  const int fd = fds[0];
  const auto deadline = start + options.timeout;

  std::string pending;     // bytes not yet split into lines
  std::string result;      // the result text, once its first line has arrived
  bool in_result = false;
  bool eof = false;
  bool timed_out = false;
  const auto take_lines = [&] {
    std::size_t begin = 0;
    for (std::size_t nl; (nl = pending.find('\n', begin)) != std::string::npos; begin = nl + 1) {
      const std::string_view line(pending.data() + begin, nl - begin);
      if (!in_result && line.substr(0, 9) == "progress ") {
        int permille = 0;
        std::from_chars(line.data() + 9, line.data() + line.size(), permille);
        if (options.progress) options.progress(permille / 1000.0);
      } else {
        in_result = true;
        result.append(line);
        result += '\n';
      }
    }
    pending.erase(0, begin);
  };
  while (!eof) {
    const auto now = Clock::now();
    if (now >= deadline) {
      timed_out = true;
      break;
    }
    const auto wait = std::min(kTick, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
                                          std::chrono::milliseconds(1));
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(wait.count()));
    if (options.tick) options.tick();
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buffer[65536];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    if (n == 0) {
      eof = true;
      break;
    }
    pending.append(buffer, static_cast<std::size_t>(n));
    take_lines();
  }
  ::close(fd);

  // The pipe is closed: the child is exiting (or has closed it and hangs; the deadline still holds).
  int status = 0;
  pid_t waited = 0;
  while (!timed_out) {
    waited = ::waitpid(pid, &status, WNOHANG);
    if (waited == pid || (waited < 0 && errno != EINTR)) break;
    if (Clock::now() >= deadline) {
      timed_out = true;
      break;
    }
    ::usleep(2000);
  }
  if (timed_out) {
    ::kill(pid, SIGKILL);
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    auto r = error_result(check, "hung: no answer within " + seconds_text(options.timeout));
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return r;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const auto finish = [&](CheckResult r) {
    r.seconds = seconds;
    return r;
  };
  if (waited != pid) return finish(error_result(check, "lost the check's process (waitpid failed)"));
  if (WIFSIGNALED(status)) return finish(error_result(check, "crashed: " + signal_name(WTERMSIG(status))));
  if (!WIFEXITED(status)) return finish(error_result(check, "the check's process ended abnormally"));
  const int code = WEXITSTATUS(status);
  if (result.empty() || code != 0)
    return finish(error_result(check, "exited with status " + std::to_string(code) + " before sending a result"));
  try {
    CheckResult r = parse_result(result);
    return r;  // the child's own timing: the check, without the fork
  } catch (const ResultParseError& e) {
    return finish(error_result(check, std::string("sent a broken result (") + e.what() + ")"));
  }
}

}  // namespace mxconf::harness
