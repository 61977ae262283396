#include "store/node_store.hpp"

#include "store_fixture.hpp"

#include <gtest/gtest.h>

using namespace crm::store;
using namespace crm::store::testing;

namespace {

void ingest(node_store& store, const inbound_message& message) {
  std::error_code ec;
  auto batch = store.begin_write(ec);
  ASSERT_FALSE(ec);
  audit_record received;
  received.input_message = message.text;
  batch.ingest(message, received);
  ASSERT_FALSE(batch.commit());
}

review_row review_for(const inbound_message& m) {
  review_row r;
  r.event_token = m.event_token;
  r.tenant = m.tenant;
  r.customer_id = m.customer_id;
  r.channel = m.channel;
  r.input_message = m.text;
  r.draft = "a draft";
  r.intent = "pricing";
  r.classification = "in_scope";
  r.confidence = 42;
  r.reasoning = "unsure";
  r.reason = "low_confidence";
  r.triggered_keywords = {"x", "y"};
  r.created_at_ms = 1000;
  r.expires_at_ms = 2000;
  return r;
}

outbox_row send_for(const inbound_message& m, const std::string& text) {
  outbox_row r;
  r.event_token = m.event_token;
  r.tenant = m.tenant;
  r.customer_id = m.customer_id;
  r.channel = m.channel;
  r.text = text;
  r.kind = "auto_approved";
  r.created_at_ms = 1000;
  return r;
}

std::error_code settle(node_store& store, settlement s) {
  std::error_code ec;
  auto batch = store.begin_write(ec);
  if (ec) return ec;
  batch.settle(s);
  return batch.commit();
}

} // namespace

TEST(settlement, accepted_messages_stay_unsettled_until_their_decision_commits) {
  temp_dir dir;
  auto store = open_store(dir.path());
  auto a = make_message("tok-a", "m-a");
  auto b = make_message("tok-b", "m-b");
  ingest(*store, a);
  ingest(*store, b);
  ASSERT_EQ(store->unsettled(10).size(), 2u);

  settlement s;
  s.event_token = a.event_token;
  s.records.push_back(make_record(a.event_token, "auto_approved"));
  s.sends.push_back(send_for(a, "hello"));
  ASSERT_FALSE(settle(*store, s));

  auto left = store->unsettled(10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].event_token, "tok-b");
  EXPECT_EQ(store->history("tok-a").back().state, "auto_approved");
  auto send = store->find_outbox("tok-a");
  ASSERT_TRUE(send);
  EXPECT_EQ(send->text, "hello");
  EXPECT_EQ(send->state, "queued");
  EXPECT_EQ(store->outbox_depth(), 1u);
  EXPECT_TRUE(store->verify().ok);
}

TEST(settlement, an_aborted_settlement_leaves_the_message_unsettled_and_nothing_queued) {
  temp_dir dir;
  auto store = open_store(dir.path());
  auto a = make_message("tok-a", "m-a");
  ingest(*store, a);
  {
    std::error_code ec;
    auto batch = store->begin_write(ec);
    settlement s;
    s.event_token = a.event_token;
    s.records.push_back(make_record(a.event_token, "pending_review"));
    s.reviews.push_back(review_for(a));
    batch.settle(s);
  } // crash before commit
  EXPECT_EQ(store->unsettled(10).size(), 1u);
  EXPECT_FALSE(store->find_review("tok-a"));
  EXPECT_EQ(store->history("tok-a").size(), 1u);
}

TEST(settlement, a_review_row_round_trips_every_field) {
  temp_dir dir;
  auto store = open_store(dir.path());
  auto a = make_message("tok-a", "m-a");
  ingest(*store, a);
  settlement s;
  s.event_token = a.event_token;
  s.reviews.push_back(review_for(a));
  ASSERT_FALSE(settle(*store, s));
  auto row = store->find_review("tok-a");
  ASSERT_TRUE(row);
  auto expected = review_for(a);
  EXPECT_EQ(row->draft, expected.draft);
  EXPECT_EQ(row->reason, "low_confidence");
  EXPECT_EQ(row->confidence, 42);
  EXPECT_EQ(row->triggered_keywords, expected.triggered_keywords);
  EXPECT_EQ(row->expires_at_ms, 2000);
  EXPECT_EQ(row->version, 1u);
  EXPECT_EQ(row->state, "pending");
  EXPECT_EQ(store->reviews("default", "pending", 10).size(), 1u);
  EXPECT_TRUE(store->reviews("other", "", 10).empty());
  EXPECT_TRUE(store->reviews("", "approved", 10).empty());
}

TEST(settlement, a_second_send_for_the_same_message_keeps_the_first) {
  temp_dir dir;
  auto store = open_store(dir.path());
  auto a = make_message("tok-a", "m-a");
  ingest(*store, a);
  settlement first;
  first.event_token = a.event_token;
  first.sends.push_back(send_for(a, "first"));
  ASSERT_FALSE(settle(*store, first));
  settlement again = first;
  again.sends[0].text = "second";
  ASSERT_FALSE(settle(*store, again)); // settling twice is harmless
  EXPECT_EQ(store->find_outbox("tok-a")->text, "first");
  EXPECT_EQ(store->outbox_rows("queued", 10).size(), 1u);
}

TEST(settlement, a_settled_message_is_still_found_from_its_received_record) {
  temp_dir dir;
  auto store = open_store(dir.path());
  auto a = make_message("tok-a", "m-a");
  a.text = "where is my order";
  ingest(*store, a);
  settlement s;
  s.event_token = a.event_token;
  ASSERT_FALSE(settle(*store, s));
  EXPECT_TRUE(store->unsettled(10).empty());
  auto found = store->find_message("tok-a");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->text, "where is my order");
  EXPECT_EQ(found->customer_id, a.customer_id);
  EXPECT_EQ(found->message_id, "m-a");
  EXPECT_EQ(found->type, "text");
}

TEST(settlement, unsettled_messages_survive_a_reopen) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    ingest(*store, make_message("tok-a", "m-a"));
    ingest(*store, make_message("tok-b", "m-b"));
  }
  auto store = open_store(dir.path());
  EXPECT_EQ(store->unsettled(10).size(), 2u);
  EXPECT_EQ(store->unsettled(1).size(), 1u);
}
