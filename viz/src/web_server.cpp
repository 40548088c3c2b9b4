#include "web_server.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "results.hpp"

namespace fs = std::filesystem;

namespace viz {

namespace {

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void send_all(int fd, const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    const auto n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the browser went away: nothing to do
    sent += static_cast<std::size_t>(n);
  }
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The file a request path names inside root, or "" if none (missing, a folder, or outside root
// by "..", a symbolic link or an encoded separator).
std::string resolve(const fs::path& root, std::string target) {
  target = target.substr(0, target.find_first_of("?#"));
  target = percent_decode(target);
  if (target.empty() || target[0] != '/' || target.find('\0') != std::string::npos) return {};
  if (target.back() == '/') target += "index.html";
  const fs::path rel = fs::path(target.substr(1)).lexically_normal();
  if (rel.empty() || *rel.begin() == "..") return {};
  std::error_code ec;
  const auto full = fs::weakly_canonical(root / rel, ec);
  if (ec || !fs::is_regular_file(full, ec)) return {};
  const auto r = root.string(), f = full.string();
  if (f.size() <= r.size() || f.compare(0, r.size(), r) != 0 || f[r.size()] != '/') return {};
  return f;
}

void answer(int fd, const fs::path& root, const fs::path& data) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos && request.size() < 16384) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    request.append(buf, static_cast<std::size_t>(n));
  }
  std::istringstream line(request.substr(0, request.find("\r\n")));
  std::string method, target, version;
  line >> method >> target >> version;
  const auto reply = [fd](int code, const char* reason, const std::string& type,
                          const std::string& body, bool head) {
    send_all(fd, fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
                             "Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n"
                             "Connection: close\r\n\r\n",
                             code, reason, type, body.size()));
    if (!head) send_all(fd, body);
  };
  if (method != "GET" && method != "HEAD") {
    reply(405, "Method Not Allowed", "text/plain; charset=utf-8", "GET or HEAD only\n", false);
    return;
  }
  const bool in_data = !data.empty() && target.rfind("/data/", 0) == 0;
  const auto file = in_data ? resolve(data, target.substr(5)) : resolve(root, target);
  if (file.empty()) {
    reply(404, "Not Found", "text/plain; charset=utf-8", "not found\n", method == "HEAD");
    return;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in && !in.eof()) {
    reply(500, "Internal Server Error", "text/plain; charset=utf-8", "cannot read\n", false);
    return;
  }
  reply(200, "OK", mime_type(file), body.str(), method == "HEAD");
}

}  // namespace

std::string default_web_dir() {
  if (const char* env = std::getenv("OGAN_WEB_DIR"); env && *env) {
    return fs::exists(fs::path(env) / "index.html") ? std::string(env) : std::string();
  }
#ifdef OGAN_WEB_DIST
  if (fs::exists(fs::path(OGAN_WEB_DIST) / "index.html")) return OGAN_WEB_DIST;
#endif
  return {};
}

std::string mime_type(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".txt" || ext == ".md") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

void serve_web(const WebServerOptions& o, const std::function<void(int)>& on_ready) {
  std::error_code ec;
  const auto root = fs::canonical(o.dir, ec);
  if (ec || !fs::exists(root / "index.html"))
    throw InputError(
        fmt::format("'{}' is not a built viewer (no index.html): build it with "
                    "'cd viz/web && npm ci && npm run build' (./scripts/setup does)",
                    o.dir));
  fs::path data;
  if (!o.data.empty()) {
    data = fs::canonical(o.data, ec);
    if (ec || !fs::is_directory(data))
      throw InputError(fmt::format("--data '{}': not a folder", o.data));
  }
  if (o.port < 0 || o.port > 65535)
    throw InputError(fmt::format("--port {}: expected 0 to 65535", o.port));
  Socket s(::socket(AF_INET, SOCK_STREAM, 0));
  if (s.get() < 0) throw std::runtime_error("cannot create a socket");
  const int yes = 1;
  ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only: never the network
  addr.sin_port = htons(static_cast<std::uint16_t>(o.port));
  if (::bind(s.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    throw InputError(
        fmt::format("cannot listen on 127.0.0.1:{} (in use?): choose another --port", o.port));
  if (::listen(s.get(), 16) != 0) throw std::runtime_error("listen failed");
  socklen_t len = sizeof addr;
  ::getsockname(s.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  on_ready(ntohs(addr.sin_port));
  for (long served = 0; o.max_requests < 0 || served < o.max_requests; ++served) {
    Socket c(::accept(s.get(), nullptr, nullptr));
    if (c.get() < 0) continue;
    timeval tv{5, 0};  // a client that sends nothing does not hold the server
    ::setsockopt(c.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    answer(c.get(), root, data);
  }
}

void copy_web(const std::string& from, const std::string& to) {
  fs::remove_all(to);
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

}  // namespace viz
