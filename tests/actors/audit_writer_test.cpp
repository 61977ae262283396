#include "actors/audit_writer.hpp"

#include "actor_fixture.hpp"
#include "net/metrics.hpp"

using namespace crm;

namespace {

net::histogram& batch_sizes() {
  return net::default_registry().get_histogram("crmd_store_commit_batch_records",
                                               "Records per LMDB group commit",
                                               net::exponential_buckets(1, 2, 14));
}

struct audit_writer_test : test::actor_fixture {
  audit_writer_actor writer = sys.spawn(audit_writer, store.get(), audit_writer_options{});

  ~audit_writer_test() override {
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    sched.run();
  }
};

} // namespace

TEST_F(audit_writer_test, everything_queued_before_a_flush_lands_in_one_commit) {
  auto commits_before = batch_sizes().count();
  for (int i = 0; i < 50; ++i)
    self->send(writer, ingest_atom_v,
               std::vector<store::inbound_message>{message("m" + std::to_string(i))},
               std::vector<store::audit_record>{});
  sched.run();
  EXPECT_EQ(batch_sizes().count() - commits_before, 1u);
  int replies = 0;
  for (int i = 0; i < 50; ++i)
    self->receive(
        [&](std::vector<store::ingest_outcome>& outcomes) {
          ASSERT_EQ(outcomes.size(), 1u);
          EXPECT_FALSE(outcomes[0].duplicate);
          ++replies;
        },
        [](caf::error& err) { FAIL() << caf::to_string(err); });
  EXPECT_EQ(replies, 50);
  EXPECT_EQ(store->audit_head_seq(), 50u);
  EXPECT_TRUE(store->verify().ok);
}

TEST_F(audit_writer_test, replies_only_after_the_commit_is_durable) {
  self->send(writer, ingest_atom_v, std::vector<store::inbound_message>{message("a")},
             std::vector<store::audit_record>{});
  sched.run_once(); // the ingest itself: written into the open batch, not yet committed
  EXPECT_EQ(self->mailbox().size(), 0u);
  EXPECT_FALSE(store->find_message("tok-a").has_value());
  sched.run(); // the flush
  EXPECT_EQ(self->mailbox().size(), 1u);
  EXPECT_TRUE(store->find_message("tok-a").has_value());
}

TEST_F(audit_writer_test, two_copies_in_one_batch_make_one_message) {
  auto first = message("same");
  auto second = message("same");
  second.event_token = "tok-other";
  self->send(writer, ingest_atom_v, std::vector<store::inbound_message>{first, second},
             std::vector<store::audit_record>{});
  sched.run();
  self->receive(
      [&](std::vector<store::ingest_outcome>& outcomes) {
        ASSERT_EQ(outcomes.size(), 2u);
        EXPECT_FALSE(outcomes[0].duplicate);
        EXPECT_TRUE(outcomes[1].duplicate);
        EXPECT_EQ(outcomes[1].event_token, "tok-same");
      },
      [](caf::error& err) { FAIL() << caf::to_string(err); });
  EXPECT_FALSE(store->find_message("tok-other").has_value());
  EXPECT_EQ(store->audit_head_seq(), 1u);
}

TEST_F(audit_writer_test, a_failed_job_does_not_spoil_the_rest_of_its_batch) {
  std::error_code job_result, other_result;
  bool job_done = false, other_done = false;
  caf::anon_send(writer, write_job{[](store::write_batch& batch) {
                                     uint64_t version = 0;
                                     // Expecting version 7 of a tenant that does not exist.
                                     return batch.put_tenant("t1", "{}", 7, version);
                                   },
                                   [&](std::error_code ec) {
                                     job_result = ec;
                                     job_done = true;
                                   }});
  caf::anon_send(writer, write_job{[](store::write_batch& batch) {
                                     uint64_t version = 0;
                                     return batch.put_tenant("t2", "{}", std::nullopt, version);
                                   },
                                   [&](std::error_code ec) {
                                     other_result = ec;
                                     other_done = true;
                                   }});
  sched.run();
  ASSERT_TRUE(job_done && other_done);
  EXPECT_TRUE(job_result);
  EXPECT_FALSE(other_result);
  EXPECT_FALSE(store->find_tenant("t1").has_value());
  EXPECT_TRUE(store->find_tenant("t2").has_value());
}

TEST_F(audit_writer_test, appended_records_are_chained_and_the_last_seq_returned) {
  std::vector<store::audit_record> records(3);
  for (auto& r : records) {
    r.tenant = "default";
    r.event_token = "t";
    r.state = "screened";
  }
  self->send(writer, append_atom_v, records);
  sched.run();
  self->receive([](uint64_t last) { EXPECT_EQ(last, 3u); },
                [](caf::error& err) { FAIL() << caf::to_string(err); });
  EXPECT_EQ(store->history("t").size(), 3u);
  EXPECT_TRUE(store->verify().ok);
}
