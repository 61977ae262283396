#include "actors/conversation.hpp"

#include "actor_fixture.hpp"
#include "actors/audit_writer.hpp"
#include "actors/guardrail_worker.hpp"
#include "actors/ingress.hpp"
#include "actors/tenant_directory.hpp"
#include "config/tenant_config.hpp"

using namespace crm;
using namespace std::chrono_literals;

namespace {

struct ingress_test : test::actor_fixture {
  admission_control admission{100};
  tenant_directory tenants;
  guardrails::guardrail_registry registry;
  guardrail_pool guards;
  audit_writer_actor writer = sys.spawn(audit_writer, store.get(), audit_writer_options{});
  ingress_actor front = spawn_ingress();

  ingress_actor spawn_ingress() {
    auto tenant = std::make_shared<tenant_snapshot>();
    tenant->id = "default";
    tenant->version = 3;
    tenant->config = config::default_tenant_config();
    tenants.put(tenant);
    EXPECT_FALSE(registry.update("default", tenant->config).has_value());
    guards.add(sys.spawn(guardrail_worker, &registry, &tenants));
    conversation_services services;
    services.writer = writer;
    services.admission = &admission;
    services.tenants = &tenants;
    services.guards = &guards;
    return sys.spawn(ingress, services, conversation_options{10s, 4, 10s});
  }
  std::vector<std::pair<std::vector<store::ingest_outcome>, std::error_code>> acks;

  ~ingress_test() override {
    caf::anon_send_exit(front, caf::exit_reason::user_shutdown);
    for (auto& worker : guards.workers())
      caf::anon_send_exit(worker, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    sched.run();
  }

  void ingest(std::vector<store::inbound_message> messages) {
    admission.try_acquire(messages.size());
    caf::anon_send(
        front, ingest_request{std::move(messages), {}, [this](auto outcomes, std::error_code ec) {
                                acks.emplace_back(std::move(outcomes), ec);
                              }});
  }

  uint64_t live_conversations() {
    uint64_t live = 0;
    self->send(front, stats_atom_v);
    sched.run();
    self->receive([&](uint64_t n) { live = n; }, [](caf::error&) {});
    return live;
  }
};

} // namespace

TEST_F(ingress_test, acknowledges_after_commit_then_routes_and_returns_credits) {
  ingest({message("m1", "alice"), message("m2", "bob"), message("m3", "alice")});
  sched.run();
  ASSERT_EQ(acks.size(), 1u);
  EXPECT_FALSE(acks[0].second);
  EXPECT_EQ(acks[0].first.size(), 3u);
  EXPECT_EQ(live_conversations(), 2u); // one per customer
  EXPECT_EQ(admission.in_use(), 0u);   // every conversation finished its message
}

TEST_F(ingress_test, duplicates_are_acknowledged_and_return_their_credit_at_once) {
  ingest({message("m1")});
  sched.run();
  ingest({message("m1")});
  sched.run();
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_TRUE(acks[1].first[0].duplicate);
  EXPECT_EQ(acks[1].first[0].event_token, "tok-m1");
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST_F(ingress_test, idle_conversations_are_passivated_and_respawned_on_demand) {
  ingest({message("m1", "alice")});
  sched.run();
  EXPECT_EQ(live_conversations(), 1u);
  sched.advance_time(11s); // idle timer: conversation reports, ingress passivates
  sched.run();
  EXPECT_EQ(live_conversations(), 0u);
  ingest({message("m2", "alice")});
  sched.run();
  EXPECT_EQ(live_conversations(), 1u);
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST_F(ingress_test, a_busy_conversation_is_not_passivated) {
  ingest({message("m1", "alice")});
  sched.run();
  sched.advance_time(6s);
  ingest({message("m2", "alice")}); // activity resets the idle clock
  sched.run();
  sched.advance_time(6s);
  sched.run();
  EXPECT_EQ(live_conversations(), 1u);
}

TEST_F(ingress_test, in_scope_messages_are_screened_drafted_and_auto_approved) {
  auto m = message("m1", "alice");
  m.text = "hello, where is my order?";
  ingest({m});
  sched.run();
  auto history = store->history("tok-m1");
  ASSERT_EQ(history.size(), 5u);
  EXPECT_EQ(history[1].state, "screened");
  EXPECT_EQ(history[1].classification, "in_scope");
  EXPECT_EQ(history[1].status, "Passed");
  EXPECT_EQ(history[1].config_version, 3u);
  EXPECT_EQ(history[2].state, "drafting");
  EXPECT_EQ(history[3].state, "drafted");
  EXPECT_GE(history[3].confidence, 80);
  EXPECT_FALSE(history[3].output_message.empty());
  EXPECT_EQ(history[4].state, "auto_approved");
  EXPECT_EQ(history[4].status, "Passed");
  EXPECT_EQ(history[4].output_message, history[3].output_message);
  auto send = store->find_outbox("tok-m1");
  ASSERT_TRUE(send);
  EXPECT_EQ(send->text, history[3].output_message);
  EXPECT_EQ(send->kind, "auto_approved");
  EXPECT_TRUE(store->unsettled(10).empty());
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST_F(ingress_test, a_draft_below_the_threshold_waits_for_review_with_its_reason) {
  auto m = message("m1", "alice");
  m.text = "can you tell me something about the moon";
  ingest({m});
  sched.run();
  auto history = store->history("tok-m1");
  ASSERT_FALSE(history.empty());
  EXPECT_EQ(history.back().state, "pending_review");
  EXPECT_EQ(history.back().reason, "low_confidence");
  auto review = store->find_review("tok-m1");
  ASSERT_TRUE(review);
  EXPECT_EQ(review->reason, "low_confidence");
  EXPECT_EQ(review->input_message, m.text);
  EXPECT_FALSE(review->draft.empty());
  EXPECT_GT(review->expires_at_ms, review->created_at_ms);
  EXPECT_FALSE(store->find_outbox("tok-m1"));
  EXPECT_TRUE(store->unsettled(10).empty());
}

TEST_F(ingress_test, a_message_without_text_goes_to_review_as_unsupported) {
  auto m = message("m1", "alice");
  m.type = "image";
  m.text.clear();
  ingest({m});
  sched.run();
  auto history = store->history("tok-m1");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].state, "pending_review");
  EXPECT_EQ(history[1].reason, "unsupported_type");
  ASSERT_TRUE(store->find_review("tok-m1"));
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST_F(ingress_test, a_message_resumed_mid_draft_is_drafted_again_and_settled_once) {
  auto m = message("m1", "alice");
  m.text = "hello";
  admission.acquire_unconditionally(1);
  caf::anon_send(front, resume_atom_v, m, std::string{"drafting"});
  sched.run();
  auto history = store->history("tok-m1");
  ASSERT_EQ(history.size(), 3u); // no `received` in this store: only what the resume wrote
  EXPECT_EQ(history[0].state, "drafting");
  EXPECT_EQ(history[0].reason, "resumed");
  EXPECT_EQ(history[1].state, "drafted");
  EXPECT_EQ(history[2].state, "auto_approved");
  EXPECT_TRUE(store->find_outbox("tok-m1"));
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST_F(ingress_test, a_resumed_message_that_was_already_settled_writes_nothing_more) {
  auto m = message("m1", "alice");
  admission.acquire_unconditionally(1);
  caf::anon_send(front, resume_atom_v, m, std::string{"pending_review"});
  sched.run();
  EXPECT_TRUE(store->history("tok-m1").empty());
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST_F(ingress_test, flagged_messages_get_the_neutral_answer_and_never_their_own_words) {
  auto m = message("m1", "alice");
  m.text = "Who should I vote for in the presidential election?";
  ingest({m});
  sched.run();
  auto history = store->history("tok-m1");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[1].state, "screened");
  EXPECT_EQ(history[1].classification, "security_violation");
  auto send = store->find_outbox("tok-m1");
  ASSERT_TRUE(send);
  EXPECT_EQ(send->text, config::default_tenant_config().neutral_response);
  EXPECT_EQ(send->kind, "blocked");
  EXPECT_FALSE(store->find_review("tok-m1"));
  EXPECT_EQ(history[1].status, "Blocked");
  EXPECT_FALSE(history[1].triggered_keywords.empty());
  EXPECT_EQ(history[2].state, "blocked");
  EXPECT_EQ(history[2].output_message, config::default_tenant_config().neutral_response);
  EXPECT_EQ(history[2].output_message.find("election"), std::string::npos);
  EXPECT_EQ(admission.in_use(), 0u);
}

TEST_F(ingress_test, one_customer_is_screened_in_arrival_order) {
  ingest({message("m1", "alice"), message("m2", "alice"), message("m3", "alice")});
  sched.run();
  std::vector<uint64_t> screened_seqs;
  for (auto id : {"tok-m1", "tok-m2", "tok-m3"})
    for (auto& r : store->history(id))
      if (r.state == "screened") screened_seqs.push_back(r.seq);
  ASSERT_EQ(screened_seqs.size(), 3u);
  EXPECT_TRUE(std::is_sorted(screened_seqs.begin(), screened_seqs.end()));
}

TEST(conversation_key, separates_tenant_and_customer_unambiguously) {
  EXPECT_NE(conversation_key("ab", "c"), conversation_key("a", "bc"));
}
