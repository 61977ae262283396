#include "llm/chat_module.hpp"

#include "connection_abort.hpp"
#include "llm/chat_replies.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>

namespace crm::mock::llm {

namespace {

constexpr std::string_view chat_suffix = "/chat/completions";

bool is_chat_path(std::string_view path) {
  return path.size() >= chat_suffix.size() &&
         path.substr(path.size() - chat_suffix.size()) == chat_suffix;
}

/// A message's text: a plain string, or the `text` parts of an array of content parts.
std::string text_of(const boost::json::value& content) {
  if (content.is_string()) return std::string{content.get_string()};
  std::string out;
  if (!content.is_array()) return out;
  for (const auto& part : content.get_array()) {
    auto* text = part.is_object() ? part.get_object().if_contains("text") : nullptr;
    if (text == nullptr || !text->is_string()) continue;
    if (!out.empty()) out += ' ';
    out += text->get_string();
  }
  return out;
}

/// Why the request body cannot be served, or empty.
std::string validate(const boost::json::object& body) {
  auto* messages = body.if_contains("messages");
  if (messages == nullptr || !messages->is_array() || messages->get_array().empty())
    return "'messages' must be a non-empty array";
  for (const auto& m : messages->get_array()) {
    auto* role = m.is_object() ? m.get_object().if_contains("role") : nullptr;
    if (role == nullptr || !role->is_string())
      return "each message must be an object with a string 'role'";
  }
  if (auto* model = body.if_contains("model"); model != nullptr && !model->is_string())
    return "'model' must be a string";
  return {};
}

} // namespace

chat_module::chat_module(chat_settings settings, delay_queue& delays, request_log& log,
                         const std::atomic<uint16_t>& port)
    : initial_(std::move(settings)), delays_(delays), log_(log), port_(port),
      hang_timeout_ms_(initial_.hang_timeout.count()) {
  reset();
}

void chat_module::reset() {
  latency_.set(initial_.latency_ms, initial_.jitter_ms);
  hang_timeout_ms_.store(initial_.hang_timeout.count());
  faults_.clear();
  stats_.reset();
  std::lock_guard guard{mutex_};
  script_ = std::make_shared<const answer_script>(initial_.script);
  api_key_ = initial_.api_key;
}

std::shared_ptr<const answer_script> chat_module::script() const {
  std::lock_guard guard{mutex_};
  return script_;
}

std::string chat_module::api_key() const {
  std::lock_guard guard{mutex_};
  return api_key_;
}

bool chat_module::serve(net::http_request& request, net::responder& reply) {
  if (!is_chat_path(request.path)) return false;
  if (request.method != "POST") {
    reject(request, reply, "bad_request",
           openai_error(405, "Use POST for chat completions.", "invalid_request_error",
                        "method_not_allowed"));
    return true;
  }
  if (auto key = api_key(); !key.empty() && request.header("authorization") != "Bearer " + key) {
    reject(request, reply, "unauthorized",
           openai_error(401, "Incorrect API key provided.", "invalid_request_error",
                        "invalid_api_key"));
    return true;
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(request.body, ec);
  if (ec || !parsed.is_object()) {
    reject(request, reply, "bad_request",
           openai_error(400, "The request body is not a JSON object.", "invalid_request_error",
                        "invalid_json"));
    return true;
  }
  const auto& body = parsed.get_object();
  if (auto problem = validate(body); !problem.empty()) {
    record(request, "bad_request", &body);
    stats_.count("bad_request");
    reply(openai_error(400, problem, "invalid_request_error", "invalid_request"));
    return true;
  }

  // Faults are consumed by well-formed, authorised requests only, so a test's queued fault
  // lands on the request it aims at.
  auto queued = faults_.take();
  auto mode = queued ? *parse_fault_mode(queued->mode) : fault_mode::none;
  auto outcome = mode == fault_mode::none ? std::string_view{"ok"} : name_of(mode);
  record(request, outcome, &body);
  stats_.count(outcome);

  const auto& messages = body.at("messages").get_array();
  std::string last_user;
  std::string prompt;
  for (const auto& m : messages) {
    const auto& object = m.get_object();
    auto* content = object.if_contains("content");
    auto text = content ? text_of(*content) : std::string{};
    prompt += text;
    prompt += ' ';
    if (object.at("role").get_string() == "user") last_user = std::move(text);
  }

  if (mode == fault_mode::hang) {
    close_later(std::move(reply), request.remote,
                std::chrono::milliseconds{hang_timeout_ms_.load()});
    return true;
  }
  if (mode == fault_mode::close) {
    close_later(std::move(reply), request.remote, latency_.sample());
    return true;
  }
  auto current = script(); // Keeps the answer alive while the response is built.
  completion c;
  c.id = "chatcmpl-mock-" + std::to_string(++next_id_);
  auto* model = body.if_contains("model");
  c.model = model ? std::string{model->get_string()} : std::string{"crm-mock"};
  c.what = &current->pick(last_user);
  c.prompt_tokens = word_count(prompt);
  c.mode = mode;
  c.retry_after_s = queued ? queued->retry_after_s : 1;
  answer_later(std::move(reply), completion_response(c));
  return true;
}

void chat_module::answer_later(net::responder reply, net::http_response response) {
  stats_.enter();
  auto shared = std::make_shared<net::http_response>(std::move(response));
  bool queued = delays_.schedule_after(latency_.sample(), [this, reply, shared]() mutable {
    stats_.leave();
    reply(std::move(*shared));
  });
  if (queued) return;
  stats_.leave();
  stats_.count("overloaded");
  reply(
      openai_error(503, "The mock holds too many delayed answers.", "server_error", "overloaded"));
}

void chat_module::close_later(net::responder reply, std::string peer,
                              std::chrono::milliseconds delay) {
  stats_.enter();
  bool queued = delays_.schedule_after(delay, [this, reply, peer = std::move(peer)]() mutable {
    stats_.leave();
    abort_connection(peer, port_.load());
    // `reply` is dropped with this action: the server's fallback 500 then meets a closed
    // socket and is never seen.
  });
  if (queued) return;
  stats_.leave();
  abort_connection(peer, port_.load());
}

void chat_module::reject(net::http_request& request, net::responder& reply,
                         std::string_view outcome, net::http_response response) {
  record(request, outcome, nullptr);
  stats_.count(outcome);
  reply(std::move(response));
}

void chat_module::record(const net::http_request& request, std::string_view outcome,
                         const boost::json::object* parsed) {
  auto entry = request_log::entry_of(request, outcome);
  if (parsed != nullptr) {
    for (auto key : {"model", "messages", "response_format"})
      if (auto* v = parsed->if_contains(key)) entry[key] = *v;
  }
  log_.add(name(), std::move(entry));
}

} // namespace crm::mock::llm
