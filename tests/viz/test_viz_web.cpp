// `ogan-viz web`: the loopback server hands out the viewer's files with the types browsers
// insist on, and nothing outside the viewer's folder.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "tests/support/fixtures.hpp"
#include "web_server.hpp"

namespace fs = std::filesystem;

namespace {

std::string get(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ::send(fd, request.data(), request.size(), 0);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    out.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return out;
}

std::string body_of(const std::string& response) {
  const auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? std::string() : response.substr(at + 4);
}

}  // namespace

TEST(VizWeb, ServesTheViewersFilesWithTheirTypesAndNothingOutsideIt) {
  const fs::path root = ogan::test::scratch_dir() / ("ogan-viz-web-" + std::to_string(::getpid()));
  fs::create_directories(root / "assets");
  std::ofstream(root / "index.html") << "<!doctype html><title>ogan</title>";
  std::ofstream(root / "assets" / "app.js") << "console.log(1)";
  std::ofstream(root / "assets" / "h5.wasm", std::ios::binary) << std::string("\0asm", 4);
  std::ofstream(root.string() + "-secret.txt") << "secret";

  const std::vector<std::string> requests = {
      "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /assets/app.js?v=1 HTTP/1.1\r\n\r\n",
      "GET /assets/h5.wasm HTTP/1.1\r\n\r\n",
      "GET /../" + root.filename().string() + "-secret.txt HTTP/1.1\r\n\r\n",
      "GET /assets/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n\r\n",
      "GET /missing.js HTTP/1.1\r\n\r\n",
      "POST /index.html HTTP/1.1\r\n\r\n",
  };
  std::promise<int> ready;
  std::thread server([&] {
    viz::serve_web({root.string(), 0, static_cast<long>(requests.size())},
                   [&](int port) { ready.set_value(port); });
  });
  const int port = ready.get_future().get();
  std::vector<std::string> r;
  for (const auto& q : requests) r.push_back(get(port, q));
  server.join();

  EXPECT_EQ(r[0].rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r[0];
  EXPECT_NE(r[0].find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_EQ(body_of(r[0]), "<!doctype html><title>ogan</title>");
  EXPECT_NE(r[1].find("Content-Type: text/javascript"), std::string::npos) << r[1];
  EXPECT_EQ(body_of(r[1]), "console.log(1)");
  EXPECT_NE(r[2].find("Content-Type: application/wasm"), std::string::npos) << r[2];
  EXPECT_EQ(body_of(r[2]), std::string("\0asm", 4));
  for (int i : {3, 4, 5}) {
    EXPECT_EQ(r[static_cast<std::size_t>(i)].rfind("HTTP/1.1 404", 0), 0u)
        << r[static_cast<std::size_t>(i)];
    EXPECT_EQ(r[static_cast<std::size_t>(i)].find("secret"), std::string::npos);
  }
  EXPECT_EQ(r[6].rfind("HTTP/1.1 405", 0), 0u) << r[6];
}

TEST(VizWeb, AFolderWithoutAViewerIsNamed) {
  try {
    viz::serve_web({"/nonexistent-ogan-web", 0, 0}, [](int) {});
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("'/nonexistent-ogan-web' is not a built viewer"),
              std::string::npos)
        << e.what();
  }
}

TEST(VizWeb, ADataFolderIsServedAtDataAndNothingOutsideIt) {
  // ogan-viz web --data SWEEP: the viewer opens ?file=data/index.h5 and the runs next to it
  const fs::path root =
      ogan::test::scratch_dir() / ("ogan-viz-web-data-" + std::to_string(::getpid()));
  fs::create_directories(root / "viewer");
  fs::create_directories(root / "sweep" / "runs");
  std::ofstream(root / "viewer" / "index.html") << "<!doctype html><title>ogan</title>";
  std::ofstream(root / "sweep" / "index.h5", std::ios::binary) << "index";
  std::ofstream(root / "sweep" / "runs" / "abc.h5", std::ios::binary) << "run abc";
  std::ofstream(root / "secret.txt") << "secret";

  const std::vector<std::string> requests = {
      "GET /data/index.h5 HTTP/1.1\r\n\r\n",
      "GET /data/runs/abc.h5 HTTP/1.1\r\n\r\n",
      "GET /index.html HTTP/1.1\r\n\r\n",
      "GET /data/../secret.txt HTTP/1.1\r\n\r\n",
      "GET /data/%2e%2e/secret.txt HTTP/1.1\r\n\r\n",
      "GET /data/runs/missing.h5 HTTP/1.1\r\n\r\n",
  };
  std::promise<int> ready;
  std::thread server([&] {
    viz::serve_web({(root / "viewer").string(), 0, static_cast<long>(requests.size()),
                    (root / "sweep").string()},
                   [&](int port) { ready.set_value(port); });
  });
  const int port = ready.get_future().get();
  std::vector<std::string> r;
  for (const auto& q : requests) r.push_back(get(port, q));
  server.join();

  EXPECT_EQ(body_of(r[0]), "index") << r[0];
  EXPECT_NE(r[0].find("Content-Type: application/octet-stream"), std::string::npos) << r[0];
  EXPECT_EQ(body_of(r[1]), "run abc") << r[1];
  EXPECT_EQ(body_of(r[2]), "<!doctype html><title>ogan</title>") << r[2];
  for (std::size_t i : {3u, 4u, 5u}) {
    EXPECT_EQ(r[i].rfind("HTTP/1.1 404", 0), 0u) << r[i];
    EXPECT_EQ(r[i].find("secret"), std::string::npos);
  }

  try {
    viz::serve_web({(root / "viewer").string(), 0, 0, "/nonexistent-ogan-data"}, [](int) {});
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("--data '/nonexistent-ogan-data': not a folder"),
              std::string::npos)
        << e.what();
  }
  fs::remove_all(root);
}
