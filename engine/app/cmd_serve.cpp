// `ogan serve`: a running day controlled by another program (docs/serve.md). The protocol is
// run::Controller's; this file only moves lines between it and stdin/stdout or one TCP client.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <omp.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>

#include "engine/app/commands.hpp"
#include "engine/core/error.hpp"
#include "engine/run/control.hpp"

namespace ogan::app {

namespace {

struct ServeArgs {
  std::string input;
  int port = -1;
  std::string bind = "127.0.0.1";
  std::int64_t seed = -1;
  double sample = -1;
  int threads = 0;
  int iterations = -1;
  std::vector<std::string> sets;
};

// A whole reply line on a file descriptor (retrying short writes); false if the peer is gone.
bool write_line(int fd, const std::string& reply) {
  const std::string line = reply + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::send(fd, line.data() + done, line.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) {
      const ssize_t w = ::write(fd, line.data() + done, line.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      done += static_cast<std::size_t>(w);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Lines from a file descriptor, without their newline (and a trailing \r).
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  std::optional<std::string> next() {
    for (;;) {
      const auto nl = buf_.find('\n');
      if (nl != std::string::npos) {
        std::string line = buf_.substr(0, nl);
        buf_.erase(0, nl + 1);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
      }
      char chunk[65536];
      const ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        if (buf_.empty()) return std::nullopt;
        std::string line;
        line.swap(buf_);
        return line;
      }
      buf_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  std::string buf_;
};

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

// Requests from `in`, replies to `out`, until quit or the end of the input. True after quit.
bool converse(run::Controller& c, int in, int out) {
  if (!write_line(out, c.ready())) return false;
  LineReader lines(in);
  while (auto line = lines.next()) {
    if (blank(*line)) continue;
    if (!write_line(out, c.handle(*line))) return false;
    if (c.quitting()) return true;
  }
  return false;
}

void serve_tcp(run::Controller& c, const std::string& bind, int port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s < 0) throw InternalError(fmt::format("socket: {}", std::strerror(errno)));
  const int yes = 1;
  ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, bind.c_str(), &addr.sin_addr) != 1) {
    ::close(s);
    throw InputError(fmt::format("--bind '{}': not an IPv4 address (e.g. 127.0.0.1)", bind));
  }
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(s, 4) != 0) {
    const std::string why = std::strerror(errno);
    ::close(s);
    throw InputError(fmt::format("--bind {} --port {}: {}", bind, port, why));
  }
  socklen_t len = sizeof addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  // On stderr, for people and for programs that asked for port 0 (any free port).
  spdlog::info("listening on {}:{} (one client at a time; JSON lines, docs/serve.md)", bind,
               ntohs(addr.sin_port));
  for (;;) {
    const int client = ::accept(s, nullptr, nullptr);
    if (client < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(s);
      throw InternalError(fmt::format("accept: {}", why));
    }
    spdlog::info("client connected");
    const bool quit = converse(c, client, client);
    ::close(client);
    if (quit) break;
    spdlog::info("client gone; waiting for the next one (the day stays where it is)");
  }
  ::close(s);
}

void serve(const ServeArgs& a) {
  if (a.threads > 0) omp_set_num_threads(a.threads);
  // Standard output carries replies only: whatever else writes to it (a library) goes to stderr.
  const int replies = ::dup(STDOUT_FILENO);
  if (replies < 0) throw InternalError(fmt::format("dup: {}", std::strerror(errno)));
  std::fflush(stdout);
  ::dup2(STDERR_FILENO, STDOUT_FILENO);

  run::RunOptions o;
  if (a.seed >= 0) o.seed = static_cast<std::uint64_t>(a.seed);
  if (a.sample > 0) o.sample = a.sample;
  if (a.iterations > 0) o.iterations = a.iterations;
  o.sets = a.sets;
  std::unique_ptr<run::Run> r;
  try {
    r = run::open_run(a.input, o);
  } catch (const std::exception& e) {
    // A client on stdin/stdout reads why instead of a closed pipe; the exit code says it too.
    if (a.port < 0) write_line(replies, run::error_reply(e.what()));
    throw;
  }
  run::Controller c(std::move(r));
  if (a.port < 0) {
    converse(c, STDIN_FILENO, replies);
  } else {
    serve_tcp(c, a.bind, a.port);
  }
  ::close(replies);
}

}  // namespace

void add_serve_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "serve",
      "Run a day under the control of another program: JSON lines on stdin/stdout or a TCP port "
      "(docs/serve.md)");
  static ServeArgs a;
  cmd->add_option("INPUT", a.input,
                  "Scenario .yaml (configured and assigned first) or a state file (ogan run "
                  "--snapshot, or the snapshot command)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--port", a.port,
                  "Serve one TCP client at a time on this port (0: any free port, logged) "
                  "instead of stdin/stdout")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", a.bind, "Address to listen on with --port (default 127.0.0.1)");
  cmd->add_option("--seed", a.seed, "Random seed (default: the scenario's demand.seed)")
      ->check(kSeedCheck);
  cmd->add_option("--sample", a.sample, "Share of households to simulate, (0, 1]")
      ->check(kShareCheck);
  cmd->add_option("--iterations", a.iterations,
                  "Routing + traffic iterations (default: the scenario's)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--threads", a.threads, "OpenMP threads (default: all cores)")
      ->check(kThreadsCheck);
  cmd->add_option("--set", a.sets, "Override a scenario value: key.path=value (repeatable)");
  cmd->callback([&action] { action = [] { serve(a); }; });
}

}  // namespace ogan::app
