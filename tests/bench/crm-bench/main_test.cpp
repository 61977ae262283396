// crm-bench, the program, against a small HTTP server run inside the test on loopback.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

enum class server_mode {
  ok,              ///< 200 to everything.
  every_other_503, ///< Alternates 200 and 503.
  close_each,      ///< 200 with Connection: close, then closes.
  silent,          ///< Reads requests, never answers.
};

/// A blocking thread-per-connection HTTP/1.1 server: just enough to receive crm-bench's POSTs,
/// check their signatures and answer.
class test_server {
public:
  explicit test_server(server_mode mode) : mode_(mode) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listen_fd_, 64) != 0)
      std::abort();
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~test_server() {
    stopping_ = true;
    ::shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    {
      std::lock_guard lock{mutex_};
      for (const int fd : conn_fds_)
        ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : conns_)
      t.join();
    ::close(listen_fd_);
  }

  int port() const { return port_; }
  std::uint64_t requests() const { return requests_; }
  std::uint64_t bad_signatures() const { return bad_signatures_; }
  std::size_t unique_wamids() const {
    std::lock_guard lock{mutex_};
    return wamids_.size();
  }

private:
  void accept_loop() {
    for (;;) {
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      std::lock_guard lock{mutex_};
      if (stopping_) {
        ::close(fd);
        return;
      }
      conn_fds_.push_back(fd);
      conns_.emplace_back([this, fd] { serve(fd); });
    }
  }

  void serve(int fd) {
    std::string buf;
    char chunk[8192];
    for (;;) {
      const auto head_end = buf.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const auto cl_at = buf.find("Content-Length: ");
        const std::size_t body_len = cl_at < head_end ? std::stoul(buf.substr(cl_at + 16)) : 0;
        if (buf.size() >= head_end + 4 + body_len) {
          const auto head = buf.substr(0, head_end + 2);
          const auto body = buf.substr(head_end + 4, body_len);
          buf.erase(0, head_end + 4 + body_len);
          if (!answer(fd, head, body)) break;
          continue;
        }
      }
      const auto n = ::read(fd, chunk, sizeof chunk);
      if (n <= 0) break;
      buf.append(chunk, static_cast<std::size_t>(n));
    }
    ::shutdown(fd, SHUT_RDWR);
  }

  bool answer(int fd, const std::string& head, const std::string& body) {
    const auto n = ++requests_;
    check_signature(head, body);
    if (mode_ == server_mode::silent) return true;
    std::string response;
    if (mode_ == server_mode::every_other_503 && n % 2 == 0)
      response = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
    else if (mode_ == server_mode::close_each)
      response = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok";
    else
      response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                 "15\r\n\r\n{\"status\":\"ok\"}";
    if (::write(fd, response.data(), response.size()) != static_cast<ssize_t>(response.size()))
      return false;
    return mode_ != server_mode::close_each;
  }

  void check_signature(const std::string& head, const std::string& body) {
    const std::string key = "test-secret";
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &len);
    std::ostringstream hex;
    for (unsigned i = 0; i < len; ++i)
      hex << std::hex << (mac[i] >> 4) << (mac[i] & 0xf);
    if (head.find("X-Hub-Signature-256: sha256=" + hex.str() + "\r\n") == std::string::npos)
      ++bad_signatures_;
    const auto id_at = body.find(R"("id":"wamid.)");
    if (id_at != std::string::npos) {
      const auto start = id_at + 6;
      std::lock_guard lock{mutex_};
      wamids_.insert(body.substr(start, body.find('"', start) - start));
    }
  }

  server_mode mode_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> bad_signatures_{0};
  mutable std::mutex mutex_;
  std::vector<int> conn_fds_;
  std::vector<std::thread> conns_;
  std::set<std::string> wamids_;
  std::thread acceptor_;
};

struct bench_run {
  int exit_code = -1;
  std::string out;
  std::string err;

  /// Value of `key=` in the stdout summary line, as a number.
  double field(const std::string& key) const {
    const auto at = out.find(" " + key + "=");
    if (at == std::string::npos) return -1;
    return std::stod(out.substr(at + key.size() + 2));
  }
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in{p};
  return {std::istreambuf_iterator<char>{in}, {}};
}

bench_run run_bench(const std::string& args) {
  char dir_template[] = "/tmp/crm_bench_test.XXXXXX";
  const std::filesystem::path dir = ::mkdtemp(dir_template);
  const auto out = dir / "out";
  const auto err = dir / "err";
  const std::string cmd =
      std::string{CRM_BIN_DIR} + "/crm-bench " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  bench_run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out);
  r.err = slurp(err);
  std::filesystem::remove_all(dir);
  return r;
}

std::string url(const test_server& s) {
  return "--url http://127.0.0.1:" + std::to_string(s.port());
}

} // namespace

TEST(crm_bench, open_loop_accounts_for_every_scheduled_request) {
  test_server server{server_mode::ok};
  const auto r = run_bench(url(server) +
                           " --rate 400 --duration 1s --warmup 200ms --connections 4 --drain 5s");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // A fixed schedule: exactly rate x duration requests belong to the measured window.
  EXPECT_EQ(r.field("ok") + r.field("non2xx") + r.field("errors") + r.field("late"), 400) << r.out;
  EXPECT_EQ(r.field("ok"), 400) << r.out << r.err;
  EXPECT_EQ(r.field("rate"), 400);
  EXPECT_GE(server.requests(), 400u + 80u) << "warmup traffic is sent but not counted";
  EXPECT_NE(r.err.find("status 200:400"), std::string::npos) << r.err;
}

TEST(crm_bench, webhook_requests_arrive_signed_and_never_repeat_a_wamid) {
  test_server server{server_mode::ok};
  const auto r =
      run_bench(url(server) + " --duration 500ms --warmup 0 --connections 4 --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_GT(server.requests(), 0u);
  EXPECT_EQ(server.bad_signatures(), 0u);
  EXPECT_EQ(server.unique_wamids(), server.requests());
  EXPECT_EQ(r.field("errors"), 0) << r.out << r.err;
  EXPECT_EQ(r.field("rate"), 0) << "closed loop";
}

TEST(crm_bench, non_2xx_answers_are_counted_and_timed_apart_from_successes) {
  test_server server{server_mode::every_other_503};
  const auto r = run_bench(url(server) + " --duration 300ms --warmup 0 --connections 1");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_GT(r.field("non2xx"), 0);
  EXPECT_NEAR(r.field("ok"), r.field("non2xx"), 1) << "one connection, strictly alternating";
  EXPECT_NE(r.err.find(" 503:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("non2xx_latency count="), std::string::npos) << r.err;
}

TEST(crm_bench, connections_the_server_closes_are_reopened_without_errors) {
  test_server server{server_mode::close_each};
  const auto r = run_bench(url(server) + " --rate 200 --duration 500ms --warmup 0 --connections 2");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.field("ok"), 100) << r.out << r.err;
  EXPECT_EQ(r.field("errors"), 0);
}

TEST(crm_bench, unanswered_requests_become_timeouts_after_the_drain_period) {
  test_server server{server_mode::silent};
  const auto r =
      run_bench(url(server) + " --duration 300ms --warmup 0 --drain 200ms --connections 2");
  EXPECT_EQ(r.exit_code, 1) << "no 2xx at all";
  EXPECT_EQ(r.field("ok"), 0);
  EXPECT_EQ(r.field("errors"), 2) << r.out << r.err;
  EXPECT_NE(r.err.find("timeout=2"), std::string::npos) << r.err;
}

TEST(crm_bench, non_loopback_targets_are_refused_before_any_connection) {
  const auto r = run_bench("--url http://10.20.30.40:8000 --duration 1s");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("loopback"), std::string::npos) << r.err;
}

TEST(crm_bench, a_closed_port_fails_fast_with_exit_1) {
  int port = 0;
  {
    test_server gone{server_mode::ok};
    port = gone.port();
  }
  const auto r = run_bench("--url http://127.0.0.1:" + std::to_string(port) + " --duration 1s");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
}

TEST(crm_bench, bad_usage_exits_2_with_a_reason) {
  const auto r = run_bench("--threads 9");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--threads"), std::string::npos) << r.err;
}
