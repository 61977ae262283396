#include "crmd_process.hpp"

#include "net/signature.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace crm::test {

namespace {

/// The port from the last `node_started` log line, or 0.
uint16_t port_from_log(const std::string& log) {
  auto line = last_log_line(log, "\"event\":\"node_started\"");
  if (line.empty()) return 0;
  boost::system::error_code ec;
  auto value = boost::json::parse(line, ec);
  if (ec || !value.is_object() || !value.get_object().if_contains("listen")) return 0;
  std::string listen{value.at("listen").as_string()};
  return static_cast<uint16_t>(std::stoi(listen.substr(listen.rfind(':') + 1)));
}

} // namespace

crmd_process::crmd_process() {
  std::random_device rd;
  data_dir_ = std::filesystem::temp_directory_path() / ("crmd-e2e-" + std::to_string(rd()));
  std::filesystem::create_directories(data_dir_);
  child_ = std::make_unique<child_process>(data_dir_.string() + ".log");
}

crmd_process::~crmd_process() {
  child_.reset();
  std::error_code ec;
  std::filesystem::remove_all(data_dir_, ec);
}

void crmd_process::start(std::vector<std::string> extra_args) {
  last_args_ = extra_args;
  std::vector<std::string> args = {CRM_BIN_DIR "/crmd", "--listen",         "127.0.0.1:0",
                                   "--data-dir",        data_dir_.string(), "--admin-token",
                                   admin_token,         "--log-level",      "info"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  child_->start(args, [this](const std::string& log) {
    return (port_ = port_from_log(log)) != 0 && call("GET", "/readyz").status == 200;
  });
}

int crmd_process::stop() {
  return child_->stop();
}

void crmd_process::kill_hard() {
  child_->kill_hard();
}

std::string crmd_process::log() const {
  return child_->log();
}

net::client_response
crmd_process::call(const std::string& method, const std::string& target, const std::string& body,
                   std::vector<std::pair<std::string, std::string>> headers) const {
  net::client_request request;
  request.method = method;
  request.target = target;
  request.body = body;
  request.headers = std::move(headers);
  std::error_code ec;
  auto response = net::http_call("127.0.0.1", port_, request, ec);
  if (ec) response.status = 0; // connection-level failure
  return response;
}

net::client_response crmd_process::admin(const std::string& method, const std::string& target,
                                         const std::string& body) const {
  return call(method, target, body, {{"Authorization", std::string{"Bearer "} + admin_token}});
}

void crmd_process::configure_whatsapp() const {
  auto r1 = admin("PUT", "/admin/tenants/default/secrets/whatsapp_app_secret",
                  std::string{"{\"value\":\""} + app_secret + "\"}");
  auto r2 = admin("PUT", "/admin/tenants/default/secrets/whatsapp_verify_token",
                  std::string{"{\"value\":\""} + verify_token + "\"}");
  if (r1.status != 204 || r2.status != 204)
    throw std::runtime_error("configure_whatsapp failed: " + r1.body + r2.body);
}

std::string crmd_process::create_ingest_key(const std::string& tenant) const {
  auto r = admin("POST", "/admin/tenants/" + tenant + "/ingest-keys", R"({"name":"e2e"})");
  if (r.status != 201) throw std::runtime_error("create_ingest_key failed: " + r.body);
  return std::string{json_of(r).at("key").as_string()};
}

std::string whatsapp_body(const std::vector<std::vector<wa_message>>& changes,
                          const std::vector<std::string>& status_ids) {
  boost::json::array change_list;
  for (auto& messages : changes) {
    boost::json::array list;
    for (auto& m : messages) {
      boost::json::object msg{
          {"from", m.from}, {"id", m.id}, {"timestamp", "1749416383"}, {"type", m.type}};
      if (m.type == "text")
        msg["text"] = {{"body", m.text}};
      else
        msg[m.type] = {{"id", "media-1"}, {"mime_type", "image/jpeg"}};
      list.push_back(std::move(msg));
    }
    boost::json::object value{
        {"messaging_product", "whatsapp"},
        {"metadata",
         {{"display_phone_number", "15550783881"}, {"phone_number_id", "106540352242922"}}},
        {"messages", std::move(list)}};
    change_list.push_back({{"value", std::move(value)}, {"field", "messages"}});
  }
  if (!status_ids.empty()) {
    boost::json::array statuses;
    for (auto& id : status_ids)
      statuses.push_back({{"id", id},
                          {"status", "delivered"},
                          {"timestamp", "1749416390"},
                          {"recipient_id", "16505551234"}});
    boost::json::object value{
        {"messaging_product", "whatsapp"},
        {"metadata",
         {{"display_phone_number", "15550783881"}, {"phone_number_id", "106540352242922"}}},
        {"statuses", std::move(statuses)}};
    change_list.push_back({{"value", std::move(value)}, {"field", "messages"}});
  }
  boost::json::object body{{"object", "whatsapp_business_account"},
                           {"entry", boost::json::array{{{"id", "102290129340398"},
                                                         {"changes", std::move(change_list)}}}}};
  return boost::json::serialize(body);
}

std::string sign(const std::string& body, const std::string& secret) {
  return "sha256=" + net::hmac_sha256_hex(secret, body);
}

net::client_response post_webhook(const crmd_process& node, const std::string& body,
                                  const std::string& tenant) {
  return node.call("POST", "/webhook/whatsapp/" + tenant, body,
                   {{"X-Hub-Signature-256", sign(body)}});
}

boost::json::value json_of(const net::client_response& response) {
  boost::system::error_code ec;
  auto value = boost::json::parse(response.body, ec);
  if (ec)
    throw std::runtime_error("not JSON (" + std::to_string(response.status) +
                             "): " + response.body);
  return value;
}

int run_program(const std::vector<std::string>& args, std::string& output) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  output.clear();
  char buf[4096];
  ssize_t n;
  while ((n = read(pipe_fds[0], buf, sizeof(buf))) > 0)
    output.append(buf, static_cast<size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace crm::test
