// crm-operator: the pure logic (frames, queue, commands, rendering, session) unit-tested, then
// the real binary run as a child process against an in-test operator WebSocket server.

#include "cli_options.hpp"
#include "command_parser.hpp"
#include "operator_session.hpp"
#include "protocol.hpp"
#include "render.hpp"
#include "review_queue.hpp"

#include "net/http_server.hpp"
#include "net/upgraded_connection.hpp"
#include "net/websocket_server.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace json = boost::json;
using namespace crm::op;

namespace {

json::object review_json(const std::string& token, const std::string& customer) {
  return {{"event_token", token},
          {"customer_id", customer},
          {"input_message", "where is my order?"},
          {"draft", "It ships tomorrow."},
          {"intent", "order_status"},
          {"classification", "in_scope"},
          {"confidence", 62},
          {"reasoning", "tracking known"},
          {"reason", "low_confidence"},
          {"created_at", "2030-01-01T00:00:00Z"},
          {"expires_at", "2030-01-01T00:05:00Z"},
          {"version", 1}};
}

std::string snapshot_text(uint64_t seq, std::vector<std::string> tokens) {
  json::array pending;
  for (auto& t : tokens)
    pending.push_back(review_json(t, "cust-" + t));
  return json::serialize(json::object{{"type", "snapshot"}, {"seq", seq}, {"pending", pending}});
}

std::string added_text(uint64_t seq, const std::string& token) {
  return json::serialize(
      json::object{{"type", "review.added"}, {"seq", seq}, {"review", review_json(token, "c")}});
}

json::object parse_obj(const std::string& text) {
  return json::parse(text).as_object();
}

} // namespace

// -- protocol ------------------------------------------------------------------------------------

TEST(operator_protocol, snapshot_reviews_are_read_field_by_field) {
  std::string error;
  auto frame = parse_server_frame(snapshot_text(7, {"t1", "t2"}), error);
  ASSERT_TRUE(frame) << error;
  auto& snap = std::get<snapshot_frame>(*frame);
  EXPECT_EQ(snap.seq, 7u);
  ASSERT_EQ(snap.pending.size(), 2u);
  EXPECT_EQ(snap.pending[0].event_token, "t1");
  EXPECT_EQ(snap.pending[0].customer_id, "cust-t1");
  EXPECT_EQ(snap.pending[0].intent, "order_status");
  EXPECT_DOUBLE_EQ(snap.pending[0].confidence, 62);
  EXPECT_EQ(snap.pending[0].expires_at, "2030-01-01T00:05:00Z");
  EXPECT_FALSE(snap.pending[0].claim);
}

TEST(operator_protocol, malformed_or_incomplete_frames_are_refused_with_a_reason) {
  std::string error;
  EXPECT_FALSE(parse_server_frame("{not json", error));
  EXPECT_NE(error.find("not JSON"), std::string::npos);
  EXPECT_FALSE(parse_server_frame("[1,2]", error));
  EXPECT_FALSE(
      parse_server_frame(R"({"type":"review.added","review":{"event_token":"x"}})", error));
  EXPECT_EQ(error, "missing or bad seq");
  EXPECT_FALSE(
      parse_server_frame(R"({"type":"review.resolved","seq":-1,"event_token":"x"})", error));
  EXPECT_FALSE(
      parse_server_frame(R"({"type":"snapshot","seq":1,"pending":[{"draft":"x"}]})", error));
  EXPECT_EQ(error, "missing event_token");
  EXPECT_FALSE(parse_server_frame(R"({"type":"ack","result":"ok"})", error));
}

TEST(operator_protocol, acks_errors_and_unknown_types_are_told_apart) {
  std::string error;
  auto ack = parse_server_frame(
      R"({"type":"ack","action_id":"a1","result":"conflict","state":"rejected","by":"bob","outcome":"rejected"})",
      error);
  ASSERT_TRUE(ack);
  EXPECT_EQ(std::get<ack_frame>(*ack).by, "bob");
  EXPECT_FALSE(event_seq(*ack));
  auto err = parse_server_frame(R"({"type":"error","detail":"bad frame"})", error);
  EXPECT_EQ(std::get<error_frame>(*err).detail, "bad frame");
  auto unknown = parse_server_frame(R"({"type":"review.noted","seq":3})", error);
  EXPECT_EQ(std::get<unknown_frame>(*unknown).type, "review.noted");
  auto claimed = parse_server_frame(
      R"({"type":"review.claimed","seq":4,"event_token":"t","by":"amy","until":"x"})", error);
  EXPECT_EQ(event_seq(*claimed), 4u);
}

TEST(operator_protocol, client_frames_carry_only_the_fields_their_type_needs) {
  auto hello = parse_obj(build_hello("s3cret", 42));
  EXPECT_EQ(hello["type"], "hello");
  EXPECT_EQ(hello["token"], "s3cret");
  EXPECT_EQ(hello["last_seq"].to_number<uint64_t>(), 42u);
  auto edit = parse_obj(build_action({action_kind::edit, "t1", "id-1", "new text", "", false}));
  EXPECT_EQ(edit["type"], "edit");
  EXPECT_EQ(edit["text"], "new text");
  EXPECT_FALSE(edit.contains("force"));
  auto reject = parse_obj(build_action({action_kind::reject, "t1", "id-2", "", "", true}));
  EXPECT_FALSE(reject.contains("reason"));
  EXPECT_FALSE(reject.contains("text"));
  EXPECT_EQ(reject["force"], true);
}

// -- queue ---------------------------------------------------------------------------------------

TEST(operator_queue, events_apply_in_seq_order_and_a_gap_asks_for_resync) {
  review_queue q;
  EXPECT_EQ(q.check(1), seq_verdict::stale) << "events before the snapshot wait for it";
  std::string error;
  q.apply_snapshot(std::get<snapshot_frame>(*parse_server_frame(snapshot_text(10, {"a"}), error)));
  EXPECT_EQ(q.check(10), seq_verdict::stale);
  EXPECT_EQ(q.check(12), seq_verdict::gap);
  ASSERT_EQ(q.check(11), seq_verdict::apply);
  auto added = std::get<added_frame>(*parse_server_frame(added_text(11, "b"), error));
  EXPECT_EQ(q.apply(added), 2u);
  EXPECT_EQ(q.last_seq(), 11u);
  EXPECT_EQ(q.apply(resolved_frame{12, "a", "approved", "amy", ""}), 1u);
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.find_number(1), nullptr);
}

TEST(operator_queue, numbers_stay_with_their_review_across_a_resync_snapshot) {
  review_queue q;
  std::string error;
  q.apply_snapshot(
      std::get<snapshot_frame>(*parse_server_frame(snapshot_text(1, {"a", "b", "c"}), error)));
  q.unsync();
  q.apply_snapshot(
      std::get<snapshot_frame>(*parse_server_frame(snapshot_text(5, {"c", "d"}), error)));
  EXPECT_EQ(q.find_token("c")->number, 3u);
  EXPECT_EQ(q.find_token("d")->number, 4u) << "a new review never reuses a number";
  EXPECT_EQ(q.find_number(1), nullptr);
  q.apply(claimed_frame{6, "c", "bob", "2030-01-01T00:01:00Z"});
  EXPECT_EQ(q.find_token("c")->item.claim->by, "bob");
  q.apply(released_frame{7, "c"});
  EXPECT_FALSE(q.find_token("c")->item.claim);
}

// -- commands and options ------------------------------------------------------------------------

TEST(operator_commands, verbs_numbers_and_free_text_parse) {
  std::string error;
  EXPECT_EQ(parse_command("  ", error)->kind, command_kind::nothing);
  EXPECT_EQ(parse_command("l", error)->kind, command_kind::list);
  auto edit = parse_command("e 3   Thanks, it ships  today ", error);
  ASSERT_TRUE(edit);
  EXPECT_EQ(edit->number, 3u);
  EXPECT_EQ(edit->text, "Thanks, it ships  today");
  auto reject = parse_command("reject #12 off topic", error);
  EXPECT_EQ(reject->kind, command_kind::reject);
  EXPECT_EQ(reject->text, "off topic");
  auto forced = parse_command("a! 2", error);
  EXPECT_TRUE(forced->force);
}

TEST(operator_commands, bad_commands_say_what_is_wrong) {
  std::string error;
  EXPECT_FALSE(parse_command("e 3", error));
  EXPECT_NE(error.find("new text"), std::string::npos);
  EXPECT_FALSE(parse_command("a", error));
  EXPECT_FALSE(parse_command("a 0", error));
  EXPECT_FALSE(parse_command("a 2x", error));
  EXPECT_FALSE(parse_command("a 2 now", error));
  EXPECT_FALSE(parse_command("q! ", error));
  EXPECT_FALSE(parse_command("l 4", error));
  EXPECT_FALSE(parse_command("approveall", error));
  EXPECT_NE(error.find("unknown command"), std::string::npos);
}

TEST(operator_cli, token_url_and_mode_are_resolved) {
  cli_options o;
  std::string error;
  ASSERT_TRUE(parse_cli({"--url", "http://10.0.0.2:9000/crm/", "--approve-all"}, "env-tok", false,
                        o, error))
      << error;
  EXPECT_EQ(o.token, "env-tok");
  EXPECT_EQ(o.where.host, "10.0.0.2");
  EXPECT_EQ(o.where.port, 9000);
  EXPECT_EQ(o.where.target, "/crm/ws");
  EXPECT_EQ(o.mode, run_mode::approve_all);
  cli_options o2;
  ASSERT_TRUE(parse_cli({"--token=flag-tok", "--exit-after", "250ms"}, "env-tok", true, o2, error));
  EXPECT_EQ(o2.token, "flag-tok");
  EXPECT_EQ(o2.mode, run_mode::interactive);
  EXPECT_EQ(o2.exit_after, std::chrono::milliseconds{250});
}

TEST(operator_cli, contradictions_and_missing_pieces_are_usage_errors) {
  std::string error;
  auto fails = [&](std::vector<std::string> args, const char* env, bool tty) {
    cli_options o;
    return !parse_cli(args, env, tty, o, error);
  };
  EXPECT_TRUE(fails({"--approve-all"}, nullptr, false));
  EXPECT_NE(error.find("CRM_OPERATOR_TOKEN"), std::string::npos);
  EXPECT_TRUE(fails({"--approve-all", "--reject-all"}, "t", false));
  EXPECT_TRUE(fails({"--reason", "x", "--approve-all"}, "t", false));
  EXPECT_TRUE(fails({}, "t", false)) << "no terminal and no mode";
  EXPECT_TRUE(fails({"--url", "https://x", "--json"}, "t", false));
  EXPECT_TRUE(fails({"--url", "http://x:99999", "--json"}, "t", false));
  EXPECT_TRUE(fails({"--max-decisions", "0", "--json"}, "t", false));
  EXPECT_TRUE(fails({"--exit-after", "5 parsecs", "--json"}, "t", false));
  EXPECT_TRUE(fails({"--json", "--url"}, "t", false));
  EXPECT_TRUE(fails({"--bogus"}, "t", true));
  EXPECT_EQ(parse_duration("2m"), std::chrono::minutes{2});
  EXPECT_FALSE(parse_duration("ms"));
}

// -- rendering -----------------------------------------------------------------------------------

TEST(operator_render, timestamps_bars_expiry_and_excerpts) {
  EXPECT_EQ(parse_timestamp_ms("1970-01-01T00:01:00.250Z"), 60'250);
  EXPECT_EQ(parse_timestamp_ms("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(parse_timestamp_ms("12345"), 12'345);
  EXPECT_FALSE(parse_timestamp_ms("1970-01-01T00:00:00"));
  EXPECT_FALSE(parse_timestamp_ms("yesterday"));
  EXPECT_EQ(confidence_bar(62), "[######----]  62");
  EXPECT_EQ(confidence_bar(250), "[##########] 100");
  EXPECT_EQ(expiry_text("1970-01-01T00:04:10Z", 0), "expires in 4m10s");
  EXPECT_EQ(expiry_text("1970-01-01T00:00:00Z", 5), "expired");
  EXPECT_EQ(excerpt("one\ntwo\x1b[31m three", 100), "one two[31m three") << "no escape codes";
  EXPECT_EQ(excerpt("héllo wörld", 5), "héllo…");
  review_queue::entry e{4, {}};
  e.item.draft = "line one\n\x1b[2Jline two";
  auto full = render_review(e, 0);
  EXPECT_EQ(full.find('\x1b'), std::string::npos) << "a draft cannot clear the screen";
  EXPECT_NE(full.find("line one\n    [2Jline two"), std::string::npos) << full;
}

TEST(operator_render, a_conflict_ack_names_who_decided_and_what) {
  ack_frame ack{"a1", "conflict", "rejected", "bob", "rejected", "", ""};
  EXPECT_EQ(render_ack(ack, action_kind::approve, 3, "cust-9"),
            "approve #3 (cust-9): conflict: rejected by bob [state rejected]");
  ack_frame invalid{"a2", "invalid", "", "", "", "", "text too long"};
  EXPECT_EQ(render_ack(invalid, action_kind::edit, 0, ""), "edit #?: invalid: text too long");
}

// -- session -------------------------------------------------------------------------------------

namespace {

session_settings automatic(run_mode mode) {
  session_settings s;
  s.mode = mode;
  s.token = "tok";
  s.stop_on_input_end = false;
  s.action_id_prefix = "p";
  return s;
}

std::string ack_text(const std::string& id, const std::string& result) {
  return json::serialize(json::object{{"type", "ack"}, {"action_id", id}, {"result", result}});
}

} // namespace

TEST(operator_session, approve_all_decides_each_review_once_and_resends_unacked_after_resync) {
  auto settings = automatic(run_mode::approve_all);
  settings.max_decisions = 2;
  operator_session s{settings};
  EXPECT_EQ(parse_obj(s.on_open())["last_seq"].to_number<uint64_t>(), 0u);
  session_effects fx;
  s.on_frame(snapshot_text(3, {"a", "b"}), 0, fx);
  ASSERT_EQ(fx.send.size(), 2u);
  auto first = parse_obj(fx.send[0]);
  EXPECT_EQ(first["type"], "approve");
  EXPECT_NE(first["action_id"], parse_obj(fx.send[1])["action_id"]);
  s.on_close(); // Lost before any ack: both go again, under the same ids.
  EXPECT_EQ(parse_obj(s.on_open())["last_seq"].to_number<uint64_t>(), 3u);
  session_effects again;
  s.on_frame(snapshot_text(3, {"a", "b"}), 0, again);
  EXPECT_EQ(again.send, fx.send);
  session_effects acks;
  s.on_frame(ack_text(std::string{first["action_id"].as_string()}, "ok"), 0, acks);
  EXPECT_FALSE(acks.done);
  s.on_frame(ack_text(std::string{parse_obj(fx.send[1])["action_id"].as_string()}, "duplicate"), 0,
             acks);
  EXPECT_TRUE(acks.done);
  EXPECT_TRUE(acks.send.empty()) << "nothing decided twice";
}

TEST(operator_session, a_seq_gap_asks_for_resync_and_stale_events_are_ignored) {
  operator_session s{automatic(run_mode::reject_all)};
  s.on_open();
  session_effects fx;
  s.on_frame(snapshot_text(5, {}), 0, fx);
  s.on_frame(added_text(5, "old"), 0, fx);
  EXPECT_TRUE(fx.send.empty());
  s.on_frame(added_text(7, "late"), 0, fx);
  EXPECT_TRUE(fx.resync);
  EXPECT_EQ(s.last_seq(), 5u);
}

TEST(operator_session, interactive_commands_become_actions_and_acks_are_shown) {
  session_settings settings;
  settings.token = "tok";
  settings.action_id_prefix = "p";
  operator_session s{settings};
  s.on_open();
  session_effects fx;
  s.on_frame(snapshot_text(1, {"a", "b"}), 0, fx);
  ASSERT_EQ(fx.notes.size(), 1u);
  EXPECT_NE(fx.notes[0].find("2 pending reviews"), std::string::npos);
  EXPECT_TRUE(fx.send.empty()) << "nothing decided without the operator";
  session_effects cmd;
  s.on_input("e 2 Sorry, tomorrow.", 0, cmd);
  ASSERT_EQ(cmd.send.size(), 1u);
  auto edit = parse_obj(cmd.send[0]);
  EXPECT_EQ(edit["event_token"], "b");
  EXPECT_EQ(edit["text"], "Sorry, tomorrow.");
  session_effects twice;
  s.on_input("a 2", 0, twice);
  EXPECT_TRUE(twice.send.empty());
  s.on_input("a 9", 0, twice);
  ASSERT_EQ(twice.notes.size(), 2u);
  EXPECT_NE(twice.notes[1].find("no pending review #9"), std::string::npos);
  session_effects ack;
  s.on_frame(ack_text(std::string{edit["action_id"].as_string()}, "not_found"), 0, ack);
  EXPECT_EQ(ack.notes.at(0), "edit #2 (cust-b): not found (expired or removed)");
  session_effects quit;
  s.on_input("q", 0, quit);
  EXPECT_TRUE(quit.done);
}

TEST(operator_session, json_mode_echoes_frames_and_sends_input_lines_verbatim) {
  auto settings = automatic(run_mode::frames);
  settings.json = true;
  settings.stop_on_input_end = true;
  operator_session s{settings};
  s.on_open();
  session_effects fx;
  s.on_frame("{ \"type\" : \"snapshot\",\n \"seq\": 1, \"pending\": [] }", 0, fx);
  ASSERT_EQ(fx.frames.size(), 1u);
  EXPECT_EQ(fx.frames[0], R"({"type":"snapshot","seq":1,"pending":[]})");
  EXPECT_TRUE(fx.notes.empty());
  std::string line = R"({"type":"approve","event_token":"t","action_id":"mine-1"})";
  s.on_input(line, 0, fx);
  s.on_input("not even json", 0, fx);
  ASSERT_EQ(fx.send.size(), 2u);
  EXPECT_EQ(fx.send[0], line);
  EXPECT_EQ(fx.send[1], "not even json");
  s.on_input_closed(fx);
  EXPECT_FALSE(fx.done) << "waits for the ack of what it sent";
  s.on_frame(ack_text("mine-1", "ok"), 0, fx);
  EXPECT_TRUE(fx.done);
  EXPECT_EQ(s.decisions(), 1u);
}

// -- the binary against an in-test operator server -----------------------------------------------

namespace {

/// Speaks the operator protocol: checks the hello's token (close 1008 when wrong), answers with
/// a snapshot and the scripted events, records every frame and acks every action.
class fake_operator_server {
public:
  std::vector<std::string> pending{"t1", "t2"};
  std::vector<std::string> events_after_snapshot{added_text(2, "t3")};
  uint64_t seq = 1;
  bool close_1013_on_first_action = false;

  fake_operator_server() {
    crm::net::http_server_options options;
    options.port = 0;
    options.io_threads = 1;
    options.on_upgrade = [this](crm::net::http_request&&,
                                std::unique_ptr<crm::net::upgraded_connection> c) {
      crm::net::websocket_handlers h;
      h.on_text = [this](const crm::net::websocket_ptr& ws, std::string&& text) {
        on_text(ws, json::parse(text).as_object());
      };
      crm::net::accept_websocket(std::move(c), {}, registry_.track(std::move(h)));
    };
    server_ = std::make_unique<crm::net::http_server>(
        options, [](crm::net::http_request&&, crm::net::responder reply) {
          reply({404, "application/json", R"({"error":"not_found","detail":"no"})", {}});
        });
    EXPECT_FALSE(server_->start());
  }
  ~fake_operator_server() {
    registry_.close_all(1001, "bye");
    registry_.wait_until_empty(std::chrono::seconds{5});
    server_->stop();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  std::vector<json::object> received(const std::string& type) {
    std::lock_guard lock{mutex_};
    std::vector<json::object> out;
    for (auto& f : frames_)
      if (f["type"] == type.c_str()) out.push_back(f);
    return out;
  }

private:
  void on_text(const crm::net::websocket_ptr& ws, json::object frame) {
    std::lock_guard lock{mutex_};
    frames_.push_back(frame);
    if (frame["type"] == "hello") {
      if (frame["token"] != "good-token") return ws->close(1008, "token refused");
      ws->send_text(snapshot_text(seq, pending));
      if (!sent_events_)
        for (auto& e : events_after_snapshot)
          ws->send_text(e);
      sent_events_ = true;
      return;
    }
    if (close_1013_on_first_action && !closed_once_) {
      closed_once_ = true;
      return ws->close(1013, "behind");
    }
    auto id = std::string{frame["action_id"].as_string()};
    auto result = acked_.insert(id).second ? "ok" : "duplicate";
    ws->send_text(json::serialize(json::object{
        {"type", "ack"}, {"action_id", id}, {"result", result}, {"state", "approved"}}));
  }

  std::unique_ptr<crm::net::http_server> server_;
  crm::net::websocket_registry registry_;
  std::mutex mutex_;
  std::vector<json::object> frames_;
  std::set<std::string> acked_;
  bool sent_events_ = false;
  bool closed_once_ = false;
};

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in{p};
  return {std::istreambuf_iterator<char>{in}, {}};
}

/// Runs crm-operator with `args`, `input` on stdin, CRM_OPERATOR_TOKEN set when `env_token` is;
/// kills it after 30 s (a hung client fails the test instead of hanging it).
run_result run_binary(std::vector<std::string> args, const std::string& input = {},
                      const char* env_token = nullptr) {
  auto dir =
      std::filesystem::temp_directory_path() / ("crm-operator-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto out_path = dir / "out", err_path = dir / "err";
  int in_pipe[2];
  EXPECT_EQ(::pipe(in_pipe), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
  posix_spawn_file_actions_addclose(&actions, in_pipe[1]);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  args.insert(args.begin(), CRM_BIN_DIR "/crm-operator");
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_store;
  for (char** e = environ; *e != nullptr; ++e)
    if (std::string_view{*e}.rfind("CRM_OPERATOR_TOKEN=", 0) != 0) env_store.emplace_back(*e);
  if (env_token != nullptr) env_store.push_back(std::string{"CRM_OPERATOR_TOKEN="} + env_token);
  std::vector<char*> envp;
  for (auto& e : env_store)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  EXPECT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_pipe[0]);
  if (!input.empty()) {
    EXPECT_EQ(::write(in_pipe[1], input.data(), input.size()), ssize_t(input.size()));
  }
  ::close(in_pipe[1]);
  run_result r;
  int status = 0;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{30};
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ADD_FAILURE() << "crm-operator did not exit within 30 s";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20}); // Polling for exit, not timing.
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::filesystem::remove_all(dir);
  return r;
}

} // namespace

TEST(operator_binary, approve_all_approves_snapshot_and_new_reviews_then_exits) {
  fake_operator_server server;
  auto r = run_binary({"--url", server.url(), "--approve-all", "--max-decisions", "3"}, {},
                      "good-token");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto hellos = server.received("hello");
  ASSERT_EQ(hellos.size(), 1u);
  EXPECT_EQ(hellos[0]["last_seq"].to_number<uint64_t>(), 0u);
  std::set<std::string> ids, tokens;
  for (auto& a : server.received("approve")) {
    ids.insert(std::string{a["action_id"].as_string()});
    tokens.insert(std::string{a["event_token"].as_string()});
  }
  EXPECT_EQ(ids.size(), 3u) << "distinct action ids";
  EXPECT_EQ(tokens, (std::set<std::string>{"t1", "t2", "t3"}));
  EXPECT_EQ(r.out.find("good-token"), std::string::npos);
  EXPECT_EQ(r.err.find("good-token"), std::string::npos);
}

TEST(operator_binary, json_mode_prints_server_frames_and_sends_stdin_lines) {
  fake_operator_server server;
  auto r =
      run_binary({"--url", server.url(), "--token", "good-token", "--json", "--max-decisions", "1"},
                 R"({"type":"reject","event_token":"t2","action_id":"by-hand-1"})"
                 "\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto rejects = server.received("reject");
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0]["action_id"], "by-hand-1");
  EXPECT_TRUE(server.received("approve").empty());
  std::vector<std::string> types;
  std::istringstream lines{r.out};
  for (std::string line; std::getline(lines, line);)
    types.emplace_back(parse_obj(line)["type"].as_string());
  ASSERT_GE(types.size(), 2u) << r.out;
  EXPECT_EQ(types.front(), "snapshot");
  EXPECT_EQ(types.back(), "ack");
}

TEST(operator_binary, a_refused_token_exits_3_without_printing_it) {
  fake_operator_server server;
  auto r = run_binary({"--url", server.url(), "--approve-all"}, {}, "wrong-token-value");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("token refused"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wrong-token-value"), std::string::npos);
}

TEST(operator_binary, a_close_1013_reconnects_with_last_seq_and_resends_the_same_action) {
  fake_operator_server server;
  server.pending = {"t1"};
  server.events_after_snapshot.clear();
  server.seq = 5;
  server.close_1013_on_first_action = true;
  auto r = run_binary(
      {"--url", server.url(), "--token", "good-token", "--approve-all", "--max-decisions", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto hellos = server.received("hello");
  ASSERT_EQ(hellos.size(), 2u);
  EXPECT_EQ(hellos[1]["last_seq"].to_number<uint64_t>(), 5u);
  auto approves = server.received("approve");
  ASSERT_EQ(approves.size(), 2u);
  EXPECT_EQ(approves[0]["action_id"], approves[1]["action_id"]) << "the retry is idempotent";
}

TEST(operator_binary, an_unreachable_server_exits_4_and_bad_usage_exits_2) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd); // Bound then closed: nothing listens on this port.
  auto url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  auto r = run_binary({"--url", url, "--token", "t", "--approve-all"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
  EXPECT_EQ(run_binary({"--url", url, "--approve-all", "--reject-all", "--token", "t"}).exit_code,
            2);
}

TEST(operator_binary, interactive_commands_from_a_pipe_list_and_decide) {
  fake_operator_server server;
  server.events_after_snapshot.clear();
  auto r = run_binary({"--url", server.url(), "--interactive"}, "l\nr 2 off topic\nbogus\n",
                      "good-token");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto rejects = server.received("reject");
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0]["event_token"], "t2");
  EXPECT_EQ(rejects[0]["reason"], "off topic");
  EXPECT_NE(r.out.find("2 pending reviews"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reject #2 (cust-t2): ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unknown command 'bogus'"), std::string::npos) << r.out;
}
