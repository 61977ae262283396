#include "operator_session.hpp"

#include "render.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace crm::op {

namespace {

std::optional<action_kind> kind_from_type(std::string_view type) {
  if (type == "approve") return action_kind::approve;
  if (type == "edit") return action_kind::edit;
  if (type == "reject") return action_kind::reject;
  if (type == "claim") return action_kind::claim;
  if (type == "release") return action_kind::release;
  return std::nullopt;
}

std::optional<action_kind> kind_from_command(command_kind kind) {
  switch (kind) {
  case command_kind::approve:
    return action_kind::approve;
  case command_kind::edit:
    return action_kind::edit;
  case command_kind::reject:
    return action_kind::reject;
  case command_kind::claim:
    return action_kind::claim;
  case command_kind::release:
    return action_kind::release;
  default:
    return std::nullopt;
  }
}

} // namespace

operator_session::operator_session(session_settings settings)
    : settings_(std::move(settings)), actions_(settings_.action_id_prefix) {
  queue_.set_last_seq(settings_.last_seq);
}

bool operator_session::automatic() const {
  return settings_.mode == run_mode::approve_all || settings_.mode == run_mode::reject_all;
}

std::string operator_session::on_open() {
  queue_.unsync();
  return build_hello(settings_.token, queue_.last_seq());
}

void operator_session::on_frame(std::string_view text, int64_t now_ms, session_effects& fx) {
  std::string error;
  auto frame = parse_server_frame(text, error);
  if (settings_.json) {
    boost::system::error_code ec;
    auto value = boost::json::parse(text, ec);
    if (!ec) fx.frames.push_back(boost::json::serialize(value)); // One line, whatever came.
  }
  if (!frame) {
    fx.notes.push_back("ignored a malformed frame from the server: " + error);
    return;
  }
  if (auto* snapshot = std::get_if<snapshot_frame>(&*frame)) {
    on_snapshot(*snapshot, now_ms, fx);
    return;
  }
  if (auto* ack = std::get_if<ack_frame>(&*frame)) {
    on_ack(*ack, fx);
    return;
  }
  if (auto* err = std::get_if<error_frame>(&*frame)) {
    fx.notes.push_back("server refused a frame: " + err->detail);
    return;
  }
  auto seq = event_seq(*frame);
  if (!seq) return; // unknown_frame: a newer server's; --json already echoed it.
  switch (queue_.check(*seq)) {
  case seq_verdict::stale:
    return;
  case seq_verdict::gap:
    fx.notes.push_back("missed events (seq " + std::to_string(queue_.last_seq() + 1) + " to " +
                       std::to_string(*seq - 1) + "): resyncing");
    fx.resync = true;
    return;
  case seq_verdict::apply:
    break;
  }
  bool human = !settings_.json && settings_.mode == run_mode::interactive;
  if (auto* added = std::get_if<added_frame>(&*frame)) {
    auto number = queue_.apply(*added);
    if (human)
      if (auto* e = queue_.find_number(number)) fx.notes.push_back(render_added(*e, now_ms));
    decide_all(fx);
  } else if (auto* resolved = std::get_if<resolved_frame>(&*frame)) {
    auto number = queue_.apply(*resolved);
    if (human) fx.notes.push_back(render_resolved(*resolved, number));
  } else if (auto* claimed = std::get_if<claimed_frame>(&*frame)) {
    auto number = queue_.apply(*claimed);
    if (human) fx.notes.push_back(render_claimed(*claimed, number));
  } else if (auto* released = std::get_if<released_frame>(&*frame)) {
    auto number = queue_.apply(*released);
    if (human) fx.notes.push_back(render_released(*released, number));
  }
}

void operator_session::on_snapshot(const snapshot_frame& f, int64_t now_ms, session_effects& fx) {
  queue_.apply_snapshot(f);
  if (!settings_.json) {
    if (settings_.mode == run_mode::interactive)
      fx.notes.push_back(render_list(queue_, now_ms) + "(h for help)");
    else
      fx.notes.push_back("synced: " + std::to_string(queue_.size()) + " pending");
  }
  for (const auto& [id, p] : actions_.outstanding())
    fx.send.push_back(p.frame);
  decide_all(fx);
}

void operator_session::on_ack(const ack_frame& f, session_effects& fx) {
  auto sent = actions_.take(f.action_id);
  if (!sent) {
    if (!settings_.json) fx.notes.push_back("ack for an unknown action " + f.action_id);
    return;
  }
  const auto& what = sent->what;
  bool done_before = f.result == "ok" || f.result == "duplicate";
  if (is_decision(what.kind)) {
    actions_.remember_decided(what.event_token);
    if (done_before) ++decisions_;
  } else if (what.kind == action_kind::claim && f.result == "ok") {
    queue_.set_claim(what.event_token, claim_info{"you", f.until});
  } else if (what.kind == action_kind::release && f.result == "ok") {
    queue_.clear_claim(what.event_token);
  }
  if (!settings_.json) {
    auto* e = queue_.find_token(what.event_token);
    auto shown = f;
    if (shown.result == "conflict" && shown.by.empty() && e != nullptr && e->item.claim)
      shown.by = e->item.claim->by; // The server may leave it out: the lease we know explains it.
    fx.notes.push_back(render_ack(shown, what.kind, e != nullptr ? e->number : 0,
                                  e != nullptr ? e->item.customer_id : std::string{}));
  }
  decide_all(fx);
  check_done(fx);
}

void operator_session::check_done(session_effects& fx) {
  if (settings_.max_decisions && decisions_ >= *settings_.max_decisions) fx.done = true;
  if (input_closed_ && settings_.stop_on_input_end && actions_.outstanding().empty())
    fx.done = true;
}

bool operator_session::act(action what, session_effects& fx) {
  auto frame = build_action(what);
  if (!actions_.add(std::move(what), frame)) return false;
  if (queue_.synced()) fx.send.push_back(std::move(frame)); // Else the snapshot re-sends it.
  return true;
}

void operator_session::decide_all(session_effects& fx) {
  if (!automatic() || !queue_.synced()) return;
  for (const auto* e : queue_.entries()) {
    const auto& token = e->item.event_token;
    if (actions_.decided(token) || actions_.deciding(token)) continue;
    if (actions_.full()) return; // The next ack makes room and calls this again.
    action what;
    what.kind =
        settings_.mode == run_mode::approve_all ? action_kind::approve : action_kind::reject;
    what.event_token = token;
    what.action_id = actions_.next_id();
    what.reason = settings_.reject_reason;
    act(std::move(what), fx);
  }
}

void operator_session::on_input(std::string_view line, int64_t now_ms, session_effects& fx) {
  if (settings_.json) {
    send_frame_line(line, fx);
    return;
  }
  std::string error;
  auto cmd = parse_command(line, error);
  if (!cmd) {
    fx.notes.push_back(error);
    return;
  }
  on_command(*cmd, now_ms, fx);
}

void operator_session::send_frame_line(std::string_view line, session_effects& fx) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
  std::string frame{line};
  if (!frame.empty() && frame.back() == '\r') frame.pop_back();
  // An action of ours is booked so its ack counts toward --max-decisions and it is sent again
  // after a reconnect; anything else goes out as typed, once.
  boost::system::error_code ec;
  auto value = boost::json::parse(frame, ec);
  auto* obj = ec ? nullptr : value.if_object();
  if (obj != nullptr) {
    auto* type = obj->if_contains("type");
    auto* id = obj->if_contains("action_id");
    auto* token = obj->if_contains("event_token");
    auto kind =
        type != nullptr && type->is_string() ? kind_from_type(type->get_string()) : std::nullopt;
    if (kind && id != nullptr && id->is_string() && token != nullptr && token->is_string()) {
      action what;
      what.kind = *kind;
      what.action_id = std::string{id->get_string()};
      what.event_token = std::string{token->get_string()};
      if (actions_.add(std::move(what), frame)) {
        if (queue_.synced()) fx.send.push_back(std::move(frame));
        return;
      }
    }
  }
  fx.send.push_back(std::move(frame));
}

void operator_session::on_input_closed(session_effects& fx) {
  input_closed_ = true;
  check_done(fx);
}

void operator_session::on_command(const command& cmd, int64_t now_ms, session_effects& fx) {
  switch (cmd.kind) {
  case command_kind::nothing:
    return;
  case command_kind::quit:
    fx.done = true;
    return;
  case command_kind::help:
    fx.notes.push_back(command_help());
    return;
  case command_kind::list:
    fx.notes.push_back(render_list(queue_, now_ms));
    return;
  default:
    break;
  }
  const auto* e = queue_.find_number(cmd.number);
  if (e == nullptr) {
    fx.notes.push_back("no pending review #" + std::to_string(cmd.number) + " (l lists them)");
    return;
  }
  if (cmd.kind == command_kind::show) {
    fx.notes.push_back(render_review(*e, now_ms));
    return;
  }
  action what;
  what.kind = *kind_from_command(cmd.kind);
  what.event_token = e->item.event_token;
  what.action_id = actions_.next_id();
  what.force = cmd.force;
  if (what.kind == action_kind::edit) what.text = cmd.text;
  if (what.kind == action_kind::reject) what.reason = cmd.text;
  if (is_decision(what.kind) && actions_.deciding(what.event_token)) {
    fx.notes.push_back("#" + std::to_string(cmd.number) + " already has a decision on its way");
    return;
  }
  if (!act(std::move(what), fx)) {
    fx.notes.push_back("too many actions awaiting acks: wait for the server");
    return;
  }
  if (!queue_.synced()) fx.notes.push_back("offline: the action will be sent when reconnected");
}

} // namespace crm::op
