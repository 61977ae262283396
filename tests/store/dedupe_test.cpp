#include "store/dedupe.hpp"

#include "store/errc.hpp"
#include "store/keys.hpp"
#include "store_fixture.hpp"

#include <gtest/gtest.h>

using namespace crm::store;
using namespace crm::store::testing;

TEST(dedupe, second_copy_in_one_batch_is_a_duplicate_of_the_first) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  audit_record a;
  audit_record b;
  auto first = batch.ingest(make_message("tok-1", "wamid.1"), a);
  auto second = batch.ingest(make_message("tok-2", "wamid.1"), b);
  ASSERT_FALSE(batch.commit());
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(first.event_token, "tok-1");
  EXPECT_TRUE(second.duplicate);
  EXPECT_EQ(second.event_token, "tok-1");
  EXPECT_EQ(b.seq, 0u) << "a duplicate appends nothing";
  EXPECT_EQ(store->inbox_depth(), 1u);
  EXPECT_FALSE(store->find_message("tok-2"));
  EXPECT_EQ(store->audit_head_seq(), 1u);
}

TEST(dedupe, copy_in_a_later_batch_and_after_restart_is_a_duplicate) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    std::error_code ec;
    {
      auto batch = store->begin_write(ec);
      audit_record r;
      EXPECT_FALSE(batch.ingest(make_message("tok-1", "wamid.1"), r).duplicate);
      ASSERT_FALSE(batch.commit());
    }
    auto batch = store->begin_write(ec);
    audit_record r;
    auto again = batch.ingest(make_message("tok-2", "wamid.1"), r);
    ASSERT_FALSE(batch.commit());
    EXPECT_TRUE(again.duplicate);
    EXPECT_EQ(again.event_token, "tok-1");
  }
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  audit_record r;
  auto again = batch.ingest(make_message("tok-3", "wamid.1"), r);
  ASSERT_FALSE(batch.commit());
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.event_token, "tok-1");
  EXPECT_EQ(store->inbox_depth(), 1u);
  EXPECT_EQ(store->find_duplicate("default", "wamid.1"), "tok-1");
}

TEST(dedupe, same_message_id_in_another_tenant_is_a_new_message) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  audit_record a;
  audit_record b;
  EXPECT_FALSE(batch.ingest(make_message("tok-1", "m1", 1, "default"), a).duplicate);
  EXPECT_FALSE(batch.ingest(make_message("tok-2", "m1", 1, "acme"), b).duplicate);
  ASSERT_FALSE(batch.commit());
  EXPECT_EQ(store->inbox_depth(), 2u);
}

TEST(dedupe, ingest_stores_the_message_and_its_received_record) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  audit_record received;
  received.input_message = "hello";
  auto message = make_message("tok-1", "wamid.1", 1'700'000'000'000);
  batch.ingest(message, received);
  ASSERT_FALSE(batch.commit());
  EXPECT_EQ(received.seq, 1u);
  EXPECT_EQ(received.hash.size(), 64u);
  EXPECT_EQ(received.state, "received");
  EXPECT_EQ(received.tenant, "default");
  EXPECT_EQ(received.client_id, "c1");
  EXPECT_EQ(received.message_id, "wamid.1");
  EXPECT_EQ(received.at_ms, 1'700'000'000'000);
  auto stored = store->find_message("tok-1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->text, "hello");
  EXPECT_EQ(stored->customer_id, "c1");
  EXPECT_EQ(stored->received_at_ms, 1'700'000'000'000);
  auto h = store->history("tok-1");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].hash, received.hash);
}

TEST(dedupe, message_without_identity_fails_the_batch) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  audit_record r;
  batch.ingest(make_message("tok-1", ""), r);
  EXPECT_TRUE(batch.commit());
  EXPECT_EQ(store->inbox_depth(), 0u);
}

TEST(dedupe, expiry_removes_only_old_claims_in_bounded_steps) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  {
    auto batch = store->begin_write(ec);
    for (int i = 0; i < 5; ++i) {
      audit_record r;
      batch.ingest(make_message(numbered("old", i), numbered("old", i), 1000 + i), r);
    }
    audit_record r;
    batch.ingest(make_message("new", "new", 5000), r);
    ASSERT_FALSE(batch.commit());
  }
  {
    auto batch = store->begin_write(ec);
    EXPECT_EQ(batch.expire_dedupe(2000, 3), 3u);
    ASSERT_FALSE(batch.commit());
  }
  EXPECT_FALSE(store->find_duplicate("default", "old0"));
  EXPECT_FALSE(store->find_duplicate("default", "old2"));
  EXPECT_TRUE(store->find_duplicate("default", "old3"));
  {
    auto batch = store->begin_write(ec);
    EXPECT_EQ(batch.expire_dedupe(2000, 100), 2u);
    EXPECT_EQ(batch.expire_dedupe(2000, 100), 0u);
    ASSERT_FALSE(batch.commit());
  }
  EXPECT_FALSE(store->find_duplicate("default", "old4"));
  EXPECT_EQ(store->find_duplicate("default", "new"), "new");
  // Once expired, the id is new again.
  auto batch = store->begin_write(ec);
  audit_record r;
  EXPECT_FALSE(batch.ingest(make_message("again", "old0", 9000), r).duplicate);
  ASSERT_FALSE(batch.commit());
}

TEST(dedupe, expiry_orders_negative_times_before_positive_ones) {
  EXPECT_LT(keys::ordered_time(-5), keys::ordered_time(0));
  EXPECT_LT(keys::ordered_time(0), keys::ordered_time(7));
  EXPECT_LT(keys::ordered_time(INT64_MIN), keys::ordered_time(INT64_MAX));
}
