// crm-audit as a user runs it: the built binary against a data dir written by the store, then
// tampered with; and in remote mode against a stand-in admin API backed by a real store.

#include "store/audit_json.hpp"
#include "store/node_store.hpp"
#include "store/store_fixture.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <thread>

using namespace crm::store;
using namespace crm::store::testing;

namespace {

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Runs crm-audit with `args` (already shell-quoted where needed).
run_result crm_audit(const std::string& args, const temp_dir& scratch) {
  const std::string err_path = scratch.path() + "/stderr.txt";
  std::string cmd = std::string{CRM_BIN_DIR} + "/crm-audit " + args + " 2>'" + err_path + "'";
  run_result r;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0)
    r.out.append(buf, n);
  int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err_path);
  return r;
}

boost::json::object parse_object(const std::string& text) {
  boost::json::error_code ec;
  auto v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << text;
  EXPECT_TRUE(v.is_object()) << text;
  return v.is_object() ? v.get_object() : boost::json::object{};
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

class crm_audit_local : public ::testing::Test {
protected:
  void SetUp() override {
    auto store = open_store(data_dir());
    append_records(*store, 6);
  }

  std::string data_dir() const { return dir_.sub("data"); }
  std::string dir_arg() const { return "--data-dir '" + data_dir() + "'"; }

  temp_dir dir_;
};

} // namespace

TEST_F(crm_audit_local, verify_of_an_intact_log_exits_zero) {
  auto r = crm_audit("verify " + dir_arg(), dir_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto obj = parse_object(r.out);
  EXPECT_EQ(obj["ok"], true);
  EXPECT_EQ(obj["records"], 6);
  EXPECT_EQ(obj["head_hash"].as_string().size(), 64u);
  EXPECT_EQ(obj.if_contains("first_bad_seq"), nullptr);
}

TEST_F(crm_audit_local, verify_of_a_tampered_log_exits_one_and_names_the_seq) {
  {
    raw_env raw{data_dir()};
    auto bytes = *raw.get("audit", seq_key(4));
    auto pos = bytes.find("\"in_scope\"");
    ASSERT_NE(pos, std::string::npos);
    bytes.replace(pos, 10, "\"inscope!\"");
    raw.put("audit", seq_key(4), bytes);
  }
  auto r = crm_audit("verify " + dir_arg(), dir_);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto obj = parse_object(r.out);
  EXPECT_EQ(obj["ok"], false);
  EXPECT_EQ(obj["first_bad_seq"], 4);
  EXPECT_EQ(obj["records"], 6);
}

TEST_F(crm_audit_local, verify_reports_a_deleted_record) {
  raw_env{data_dir()}.del("audit", seq_key(2));
  auto r = crm_audit("verify " + dir_arg(), dir_);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(parse_object(r.out)["first_bad_seq"], 2);
}

TEST_F(crm_audit_local, query_filters_and_pages) {
  auto r = crm_audit("query " + dir_arg() + " --client-id c2 --tenant default --limit 2", dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto obj = parse_object(r.out);
  auto& records = obj["records"].as_array();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].as_object().at("seq"), 2);
  EXPECT_EQ(records[1].as_object().at("seq"), 4);
  EXPECT_EQ(records[0].as_object().at("client_id"), "c2");
  EXPECT_EQ(obj["next_since_seq"], 4);
  auto next = crm_audit("query " + dir_arg() + " --client-id=c2 --since-seq=4", dir_);
  auto rest = parse_object(next.out);
  ASSERT_EQ(rest["records"].as_array().size(), 1u);
  EXPECT_EQ(rest["next_since_seq"], 6);
  auto none = parse_object(crm_audit("query " + dir_arg() + " --event-token nope", dir_).out);
  EXPECT_TRUE(none["records"].as_array().empty());
  EXPECT_EQ(none["next_since_seq"], 0);
}

TEST_F(crm_audit_local, export_writes_every_record_as_canonical_jsonl) {
  const std::string out = dir_.path() + "/audit.jsonl";
  auto r = crm_audit("export " + dir_arg() + " --out '" + out + "'", dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  auto lines = lines_of(slurp(out));
  ASSERT_EQ(lines.size(), 6u);
  for (size_t i = 0; i < lines.size(); ++i) {
    audit_record rec;
    ASSERT_FALSE(parse_audit_json(lines[i], rec)) << lines[i];
    EXPECT_EQ(rec.seq, i + 1);
    EXPECT_EQ(to_json(rec), lines[i]);
  }
  auto to_stdout = crm_audit("export " + dir_arg(), dir_);
  EXPECT_EQ(to_stdout.out, slurp(out));
}

TEST_F(crm_audit_local, usage_and_open_errors_exit_two) {
  EXPECT_EQ(crm_audit("", dir_).exit_code, 2);
  EXPECT_EQ(crm_audit("frobnicate " + dir_arg(), dir_).exit_code, 2);
  EXPECT_EQ(crm_audit("verify", dir_).exit_code, 2);
  EXPECT_EQ(crm_audit("verify " + dir_arg() + " --url http://127.0.0.1:1", dir_).exit_code, 2);
  EXPECT_EQ(crm_audit("query " + dir_arg() + " --limit many", dir_).exit_code, 2);
  EXPECT_EQ(crm_audit("query " + dir_arg() + " --limit", dir_).exit_code, 2);
  EXPECT_EQ(crm_audit("query " + dir_arg() + " --bogus 1", dir_).exit_code, 2);
  auto missing = crm_audit("verify --data-dir '" + dir_.sub("nothing-here") + "'", dir_);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot open"), std::string::npos) << missing.err;
  EXPECT_EQ(crm_audit("export " + dir_arg() + " --out /nonexistent/dir/x", dir_).exit_code, 2);
  auto help = crm_audit("--help", dir_);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("usage: crm-audit"), std::string::npos);
}

// -- remote mode --------------------------------------------------------------------

namespace {

/// A stand-in for crmd's admin audit routes on 127.0.0.1, one connection at a time.
class fake_admin_api {
public:
  using handler = std::function<std::pair<int, std::string>(
      const std::string& method, const std::string& target, const std::string& authorization)>;

  explicit fake_admin_api(handler h) : handler_(std::move(h)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread{[this] { serve(); }};
  }

  ~fake_admin_api() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
  void serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue; // wake up now and then to notice stop_
      int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) continue;
      answer(conn);
      ::close(conn);
    }
  }

  void answer(int conn) {
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::read(conn, buf, sizeof(buf));
      if (n <= 0) return;
      request.append(buf, static_cast<size_t>(n));
    }
    std::istringstream in{request};
    std::string method;
    std::string target;
    in >> method >> target;
    std::string authorization;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Authorization: ", 0) == 0 || line.rfind("authorization: ", 0) == 0) {
        authorization = line.substr(15);
        if (!authorization.empty() && authorization.back() == '\r') authorization.pop_back();
      }
    }
    auto [status, body] = handler_(method, target, authorization);
    std::string response = "HTTP/1.1 " + std::to_string(status) + " X\r\n" +
                           "Content-Type: application/json\r\nConnection: close\r\n" +
                           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    (void)!::write(conn, response.data(), response.size());
  }

  handler handler_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::map<std::string, std::string> query_params(const std::string& target) {
  std::map<std::string, std::string> out;
  auto q = target.find('?');
  if (q == std::string::npos) return out;
  std::istringstream in{target.substr(q + 1)};
  for (std::string pair; std::getline(in, pair, '&');) {
    auto eq = pair.find('=');
    out[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
  }
  return out;
}

/// Serves GET /admin/audit and /admin/audit/verify from `store`, as crmd's admin API does.
fake_admin_api::handler admin_routes(node_store& store, std::vector<std::string>& seen) {
  return [&store, &seen](const std::string& method, const std::string& target,
                         const std::string& authorization) -> std::pair<int, std::string> {
    seen.push_back(method + " " + target);
    if (authorization != "Bearer secret-admin")
      return {401, R"({"error":"unauthorized","detail":"bad admin token"})"};
    if (target == "/admin/audit/verify") {
      auto v = store.verify();
      boost::json::object obj{{"ok", v.ok}, {"records", v.records}, {"head_hash", v.head_hash}};
      if (!v.ok) obj["first_bad_seq"] = v.first_bad_seq;
      return {200, boost::json::serialize(obj)};
    }
    if (target.rfind("/admin/audit?", 0) == 0) {
      auto params = query_params(target);
      audit_filter f;
      f.client_id = params["client_id"];
      f.tenant = params["tenant"];
      f.since_seq = std::stoull(params["since_seq"]);
      f.limit = std::stoul(params["limit"]);
      auto page = store.query(f);
      std::string body = "{\"records\":[";
      for (size_t i = 0; i < page.records.size(); ++i)
        body += (i ? "," : "") + to_json(page.records[i]);
      body += "],\"next_since_seq\":" + std::to_string(page.next_since_seq) + "}";
      return {200, body};
    }
    return {404, R"({"error":"not_found","detail":"no route"})"};
  };
}

} // namespace

TEST(crm_audit_remote, verify_query_and_export_over_the_admin_api) {
  temp_dir dir;
  auto store = open_store(dir.sub("data"));
  append_records(*store, 5);
  std::vector<std::string> seen;
  fake_admin_api api{admin_routes(*store, seen)};
  const std::string remote = "--url " + api.url() + " --admin-token secret-admin";

  auto v = crm_audit("verify " + remote, dir);
  ASSERT_EQ(v.exit_code, 0) << v.err;
  auto verdict = parse_object(v.out);
  EXPECT_EQ(verdict["ok"], true);
  EXPECT_EQ(verdict["records"], 5);
  EXPECT_EQ(std::string{verdict["head_hash"].as_string()}, store->verify().head_hash);

  auto q = crm_audit("query " + remote + " --client-id 'c 1&x' --limit 2", dir);
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_NE(std::find(seen.begin(), seen.end(),
                      "GET /admin/audit?since_seq=0&limit=2&client_id=c%201%26x"),
            seen.end());

  auto e = crm_audit("export " + remote, dir);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  auto lines = lines_of(e.out);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[4], to_json(store->query({}).records[4]));
}

TEST(crm_audit_remote, refused_token_and_unreachable_node_exit_two) {
  temp_dir dir;
  auto store = open_store(dir.sub("data"));
  std::vector<std::string> seen;
  fake_admin_api api{admin_routes(*store, seen)};
  auto r = crm_audit("verify --url " + api.url() + " --admin-token wrong", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("HTTP 401"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unauthorized"), std::string::npos) << r.err;
  auto missing_token = crm_audit("verify --url " + api.url() + " --admin-token ''", dir);
  EXPECT_EQ(missing_token.exit_code, 2);
  auto bad_url = crm_audit("verify --url ftp://x --admin-token t", dir);
  EXPECT_EQ(bad_url.exit_code, 2);
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  auto unreachable = crm_audit("verify --url http://127.0.0.1:1 --admin-token t", dir);
  EXPECT_EQ(unreachable.exit_code, 2);
  EXPECT_NE(unreachable.err.find("cannot reach"), std::string::npos) << unreachable.err;
}
