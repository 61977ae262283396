#include "mock_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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

/// The port from the last `mock_started` line, or 0.
uint16_t port_from_log(const std::string& log) {
  auto line = last_log_line(log, "\"msg\":\"mock_started\"");
  if (line.empty()) return 0;
  boost::system::error_code ec;
  auto value = boost::json::parse(line, ec);
  if (ec || !value.is_object()) return 0;
  auto* port = value.get_object().if_contains("port");
  return port ? port->to_number<uint16_t>() : 0;
}

boost::json::value parse_or_throw(const net::client_response& response) {
  boost::system::error_code ec;
  auto value = boost::json::parse(response.body, ec);
  if (ec)
    throw std::runtime_error("not JSON (" + std::to_string(response.status) +
                             "): " + response.body);
  return value;
}

} // namespace

mock_process::mock_process() {
  std::random_device rd;
  child_ = std::make_unique<child_process>(std::filesystem::temp_directory_path() /
                                           ("crm-mock-" + std::to_string(rd()) + ".log"));
}

mock_process::~mock_process() = default;

void mock_process::start(std::vector<std::string> extra_args) {
  std::vector<std::string> args = {CRM_BIN_DIR "/crm-mock", "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  port_ = 0;
  child_->start(args, [this](const std::string& log) {
    return (port_ = port_from_log(log)) != 0 && call("GET", "/mock/stats").status == 200;
  });
}

int mock_process::stop() {
  return child_->stop();
}

void mock_process::kill_hard() {
  child_->kill_hard();
}

bool mock_process::running() const {
  return child_->running();
}

std::string mock_process::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}

std::string mock_process::log() const {
  return child_->log();
}

net::client_response mock_process::call(const std::string& method, const std::string& target,
                                        const std::string& body, header_list headers,
                                        std::chrono::milliseconds timeout,
                                        std::error_code* ec_out) const {
  net::client_request request;
  request.method = method;
  request.target = target;
  request.body = body;
  request.headers = std::move(headers);
  std::error_code ec;
  auto response = net::http_call("127.0.0.1", port_, request, ec, timeout);
  if (ec) response.status = 0;
  if (ec_out != nullptr) *ec_out = ec;
  return response;
}

net::client_response mock_process::chat(const std::string& user_text, header_list headers,
                                        std::chrono::milliseconds timeout,
                                        std::error_code* ec) const {
  return call("POST", "/v1/chat/completions", mock_chat_body(user_text), std::move(headers),
              timeout, ec);
}

boost::json::value mock_process::control(const std::string& method, const std::string& target,
                                         const std::string& body) const {
  auto response = call(method, target, body);
  if (response.status < 200 || response.status > 299)
    throw std::runtime_error("crm-mock " + method + " " + target + " answered " +
                             std::to_string(response.status) + ": " + response.body);
  return parse_or_throw(response);
}

boost::json::array mock_process::requests() const {
  return control("GET", "/mock/requests").at("requests").as_array();
}

void mock_process::clear_requests() const {
  control("DELETE", "/mock/requests");
}

boost::json::object mock_process::stats() const {
  return control("GET", "/mock/stats").as_object();
}

void mock_process::set_latency(uint32_t ms, uint32_t jitter_ms) const {
  control("PUT", "/mock/latency",
          boost::json::serialize(boost::json::object{{"ms", ms}, {"jitter_ms", jitter_ms}}));
}

void mock_process::push_fault(const std::string& mode, uint64_t count,
                              uint32_t retry_after_s) const {
  control("POST", "/mock/faults",
          boost::json::serialize(boost::json::object{
              {"mode", mode}, {"count", count}, {"retry_after_s", retry_after_s}}));
}

void mock_process::clear_faults() const {
  control("DELETE", "/mock/faults");
}

void mock_process::set_script(const boost::json::value& script) const {
  control("PUT", "/mock/script", boost::json::serialize(script));
}

void mock_process::reset() const {
  control("POST", "/mock/reset");
}

std::string mock_process::graph_base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

net::client_response mock_process::graph_send(const std::string& to, const std::string& text,
                                              const std::string& token,
                                              const std::string& phone_number_id,
                                              std::chrono::milliseconds timeout,
                                              std::error_code* ec) const {
  boost::json::object body{{"messaging_product", "whatsapp"},
                           {"recipient_type", "individual"},
                           {"to", to},
                           {"type", "text"},
                           {"text", {{"preview_url", false}, {"body", text}}}};
  header_list headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return call("POST", "/v21.0/" + phone_number_id + "/messages", boost::json::serialize(body),
              std::move(headers), timeout, ec);
}

boost::json::array mock_process::graph_sends() const {
  return control("GET", "/mock/graph/sends").at("sends").as_array();
}

void mock_process::clear_graph_sends() const {
  control("DELETE", "/mock/graph/sends");
}

void mock_process::push_graph_fault(const std::string& mode, uint64_t count, uint32_t retry_after_s,
                                    std::optional<int64_t> code) const {
  boost::json::object body{{"mode", mode}, {"count", count}, {"retry_after_s", retry_after_s}};
  if (code) body["code"] = *code;
  control("POST", "/mock/graph/faults", boost::json::serialize(body));
}

void mock_process::clear_graph_faults() const {
  control("DELETE", "/mock/graph/faults");
}

boost::json::object mock_process::set_graph_config(const boost::json::object& fields) const {
  return control("PUT", "/mock/graph/config", boost::json::serialize(fields)).as_object();
}

boost::json::object mock_process::post_status(const std::string& url, const std::string& app_secret,
                                              const std::string& wamid, const std::string& status,
                                              std::optional<int64_t> error_code) const {
  boost::json::object fields{
      {"url", url}, {"app_secret", app_secret}, {"wamid", wamid}, {"status", status}};
  if (error_code) fields["error_code"] = *error_code;
  return post_status(fields);
}

boost::json::object mock_process::post_status(const boost::json::object& fields) const {
  return control("POST", "/mock/graph/status", boost::json::serialize(fields)).as_object();
}

std::string mock_chat_body(const std::string& user_text, const std::string& model) {
  boost::json::object body{
      {"model", model},
      {"messages", boost::json::array{{{"role", "system"}, {"content", "You answer customers."}},
                                      {{"role", "user"}, {"content", user_text}}}},
      {"response_format", {{"type", "json_object"}}}};
  return boost::json::serialize(body);
}

boost::json::object mock_answer_of(const net::client_response& response) {
  auto body = parse_or_throw(response);
  const auto& content = body.at("choices").at(0).at("message").at("content").as_string();
  boost::system::error_code ec;
  auto answer = boost::json::parse(content, ec);
  if (ec || !answer.is_object())
    throw std::runtime_error("content is not a JSON object: " + std::string{content});
  return answer.as_object();
}

} // namespace crm::test
