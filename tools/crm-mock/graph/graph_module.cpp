#include "graph/graph_module.hpp"

#include "connection_abort.hpp"
#include "graph/graph_replies.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <random>

namespace crm::mock::graph {

namespace {

int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

/// `v21.0`, `v19.0`, ...: Meta's versioned prefix.
bool is_version(std::string_view part) {
  if (part.size() < 4 || part.front() != 'v') return false;
  auto dot = part.find('.');
  if (dot == std::string_view::npos || dot == 1 || dot + 1 == part.size()) return false;
  for (size_t i = 1; i < part.size(); ++i)
    if (i != dot && (part[i] < '0' || part[i] > '9')) return false;
  return true;
}

/// Splits `/vNN.N/{phone_number_id}/messages`; false for any other path.
bool split_send_path(std::string_view path, std::string& version, std::string& phone_id) {
  constexpr std::string_view suffix = "/messages";
  if (path.size() <= suffix.size() || path.front() != '/' ||
      path.substr(path.size() - suffix.size()) != suffix)
    return false;
  auto middle = path.substr(1, path.size() - 1 - suffix.size()); // vNN.N/{id}
  auto slash = middle.find('/');
  if (slash == std::string_view::npos) return false;
  auto id = middle.substr(slash + 1);
  if (!is_version(middle.substr(0, slash)) || id.empty() || id.find('/') != std::string_view::npos)
    return false;
  version = middle.substr(0, slash);
  phone_id = id;
  return true;
}

/// Meta's complaint about the send body, or empty when it can be sent.
std::string validate(const boost::json::object& body) {
  auto* product = body.if_contains("messaging_product");
  if (product == nullptr) return "(#100) The parameter messaging_product is required.";
  if (!product->is_string() || product->get_string() != "whatsapp")
    return "(#100) Param messaging_product must be 'whatsapp'.";
  auto* to = body.if_contains("to");
  if (to == nullptr || !to->is_string() || to->get_string().empty())
    return "(#100) The parameter to is required.";
  auto* type = body.if_contains("type");
  if (type != nullptr && (!type->is_string() || type->get_string() != "text"))
    return "(#100) Param type must be 'text' (the only type this mock sends).";
  auto* text = body.if_contains("text");
  auto* text_body =
      text != nullptr && text->is_object() ? text->get_object().if_contains("body") : nullptr;
  if (text_body == nullptr || !text_body->is_string() || text_body->get_string().empty())
    return "(#100) The parameter text['body'] is required.";
  return {};
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c >= '0' && c <= '9') out += c;
  return out;
}

std::string process_prefix() {
  std::random_device rd;
  char text[24];
  std::snprintf(text, sizeof text, "%08x%08x", rd(), rd());
  return text;
}

} // namespace

graph_module::graph_module(graph_settings settings, delay_queue& delays, request_log& log,
                           const std::atomic<uint16_t>& port)
    : initial_(std::move(settings)), delays_(delays), log_(log), port_(port),
      hang_timeout_ms_(initial_.hang_timeout.count()), id_prefix_(process_prefix()) {
  reset();
  sender_.start();
}

graph_module::~graph_module() {
  sender_.stop();
}

void graph_module::reset() {
  latency_.set(initial_.latency_ms, initial_.jitter_ms);
  hang_timeout_ms_.store(initial_.hang_timeout.count());
  faults_.clear();
  stats_.reset();
  sends_.clear();
  webhooks_ok_.store(0);
  webhooks_failed_.store(0);
  std::lock_guard guard{mutex_};
  current_ = initial_;
  deliveries_.clear();
}

boost::json::object graph_module::stats() const {
  auto out = stats_.to_json();
  out["webhooks"] = {{"ok", webhooks_ok_.load()},
                     {"failed", webhooks_failed_.load()},
                     {"pending", sender_.pending()}};
  return out;
}

bool graph_module::serve(net::http_request& request, net::responder& reply) {
  send_record sent;
  if (!split_send_path(request.path, sent.version, sent.phone_number_id)) return false;
  if (request.method != "POST") {
    reject(request, reply, "bad_request",
           meta_error(400, 100, "Unsupported " + request.method + " request.", 33));
    return true;
  }
  auto authorization = request.header("authorization");
  constexpr std::string_view bearer = "Bearer ";
  auto token = authorization.rfind(bearer, 0) == 0 ? authorization.substr(bearer.size())
                                                   : std::string_view{};
  std::string wanted;
  {
    std::lock_guard guard{mutex_};
    wanted = current_.token;
  }
  if (token.empty() || (!wanted.empty() && token != wanted)) {
    reject(request, reply, "unauthorized",
           meta_error(401, 190,
                      token.empty() ? "Invalid OAuth access token - Cannot parse access token"
                                    : "Error validating access token: the token is invalid."));
    return true;
  }
  boost::system::error_code ec;
  auto parsed = boost::json::parse(request.body, ec);
  if (ec || !parsed.is_object()) {
    reject(request, reply, "bad_request",
           meta_error(400, 100, "(#100) The request body is not a JSON object."));
    return true;
  }
  const auto& body = parsed.get_object();
  if (auto problem = validate(body); !problem.empty()) {
    reject(request, reply, "bad_request", meta_error(400, 100, problem));
    return true;
  }

  // Faults are consumed by well-formed, authorised sends only, so a test's queued fault lands
  // on the send it aims at.
  auto queued = faults_.take();
  auto fault = queued ? decode_fault(queued->mode, queued->retry_after_s) : std::nullopt;
  sent.to = body.at("to").get_string();
  sent.body = body.at("text").at("body").get_string();
  sent.token_present = true;
  sent.outcome = fault ? outcome_of(*fault) : std::string{"ok"};
  if (!fault) sent.wamid = "wamid.MOCK" + id_prefix_ + std::to_string(++next_id_);
  record(request, sent.outcome);
  stats_.count(sent.outcome);
  sends_.add(sent);

  if (!fault) {
    auto response = sent_response(sent.to, sent.wamid);
    answer_later(std::move(reply), std::move(response),
                 [this, sent = std::move(sent)] { auto_statuses(sent); });
  } else if (fault->mode == fault_mode::hang) {
    close_later(std::move(reply), request.remote,
                std::chrono::milliseconds{hang_timeout_ms_.load()});
  } else if (fault->mode == fault_mode::close) {
    close_later(std::move(reply), request.remote, latency_.sample());
  } else {
    answer_later(std::move(reply), fault_response(*fault));
  }
  return true;
}

void graph_module::answer_later(net::responder reply, net::http_response response,
                                std::function<void()> after) {
  stats_.enter();
  auto shared = std::make_shared<net::http_response>(std::move(response));
  bool queued = delays_.schedule_after(latency_.sample(), [this, reply, shared, after]() mutable {
    stats_.leave();
    reply(std::move(*shared));
    if (after) after();
  });
  if (queued) return;
  stats_.leave();
  stats_.count("overloaded");
  reply(meta_error(503, 2, "The mock holds too many delayed answers."));
}

void graph_module::close_later(net::responder reply, std::string peer,
                               std::chrono::milliseconds delay) {
  stats_.enter();
  bool queued = delays_.schedule_after(delay, [this, reply, peer = std::move(peer)]() mutable {
    stats_.leave();
    abort_connection(peer, port_.load());
  });
  if (queued) return;
  stats_.leave();
  abort_connection(peer, port_.load());
}

void graph_module::reject(net::http_request& request, net::responder& reply,
                          std::string_view outcome, net::http_response response) {
  record(request, outcome);
  stats_.count(outcome);
  reply(std::move(response));
}

void graph_module::record(const net::http_request& request, std::string_view outcome) {
  auto entry = request_log::entry_of(request, outcome);
  log_.add(name(), std::move(entry));
}

bool graph_module::send_status(std::string url, std::string app_secret, const status_update& update,
                               std::function<void(const delivery_result&)> done) {
  auto body = status_webhook_body(update);
  boost::json::object delivery{
      {"time_ms", unix_ms()}, {"url", url}, {"wamid", update.wamid}, {"status", update.status}};
  return sender_.post(std::move(url), std::move(app_secret), std::move(body),
                      [this, delivery = std::move(delivery),
                       done = std::move(done)](const delivery_result& result) mutable {
                        bool ok = !result.ec && result.status >= 200 && result.status < 300;
                        (ok ? webhooks_ok_ : webhooks_failed_).fetch_add(1);
                        delivery["http_status"] = result.status;
                        delivery["error"] =
                            result.ec ? boost::json::value(result.ec.message()) : nullptr;
                        {
                          std::lock_guard guard{mutex_};
                          deliveries_.push_back(std::move(delivery));
                          if (deliveries_.size() > max_deliveries) deliveries_.pop_front();
                        }
                        if (done) done(result);
                      });
}

void graph_module::auto_statuses(const send_record& sent) {
  std::string url, secret;
  std::vector<std::string> statuses;
  {
    std::lock_guard guard{mutex_};
    url = current_.status_url;
    secret = current_.app_secret;
    statuses = current_.auto_status;
  }
  if (url.empty()) return;
  for (const auto& status : statuses) {
    status_update update;
    update.wamid = sent.wamid;
    update.status = status;
    update.recipient_id = digits_of(sent.to);
    update.phone_number_id = sent.phone_number_id;
    if (status == "failed") update.error_code = 131026;
    if (!send_status(url, secret, update, {})) webhooks_failed_.fetch_add(1);
  }
}

} // namespace crm::mock::graph
