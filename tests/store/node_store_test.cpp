#include "store/node_store.hpp"

#include "store/errc.hpp"
#include "store_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace crm::store;
using namespace crm::store::testing;

TEST(node_store, open_creates_a_missing_data_dir) {
  temp_dir dir;
  auto path = dir.sub("a/b/data");
  auto store = open_store(path);
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(path + "/data.mdb"));
}

TEST(node_store, open_refuses_an_empty_path_and_read_only_of_a_missing_dir) {
  temp_dir dir;
  std::error_code ec;
  EXPECT_EQ(node_store::open(options_for(""), ec), nullptr);
  EXPECT_TRUE(ec);
  EXPECT_EQ(node_store::open(options_for(dir.sub("missing"), true), ec), nullptr);
  EXPECT_EQ(ec, errc::not_found);
  EXPECT_FALSE(std::filesystem::exists(dir.sub("missing")));
}

TEST(node_store, aborted_batch_leaves_no_trace_and_keeps_the_head) {
  temp_dir dir;
  auto store = open_store(dir.path());
  append_records(*store, 2);
  {
    std::error_code ec;
    auto batch = store->begin_write(ec);
    ASSERT_FALSE(ec);
    audit_record received;
    auto outcome = batch.ingest(make_message("tok-x", "m-x"), received);
    EXPECT_FALSE(outcome.duplicate);
    EXPECT_EQ(received.seq, 3u);
    auto r = make_record("tok-x", "screened");
    batch.append(r);
    EXPECT_EQ(r.seq, 4u);
  } // destroyed without commit
  EXPECT_EQ(store->audit_head_seq(), 2u);
  EXPECT_FALSE(store->find_message("tok-x"));
  EXPECT_FALSE(store->find_duplicate("default", "m-x"));
  EXPECT_TRUE(store->history("tok-x").empty());
  EXPECT_EQ(store->inbox_depth(), 0u);
  // The next batch continues from the committed head, not the aborted one.
  std::error_code ec;
  auto batch = store->begin_write(ec);
  auto r = make_record("tok-y", "received");
  batch.append(r);
  EXPECT_EQ(r.seq, 3u);
  ASSERT_FALSE(batch.commit());
  EXPECT_TRUE(store->verify().ok);
}

TEST(node_store, failed_commit_keeps_the_head_and_the_store_usable) {
  temp_dir dir;
  auto options = options_for(dir.path());
  options.map_size_bytes = size_t{1} << 20; // 1 MiB: a few large records fill it
  std::error_code ec;
  auto store = node_store::open(options, ec);
  ASSERT_FALSE(ec);
  append_records(*store, 1);
  {
    auto batch = store->begin_write(ec);
    ASSERT_FALSE(ec);
    for (int i = 0; i < 40 && !batch.error(); ++i) {
      auto r = make_record("big", "received");
      r.input_message.assign(64 * 1024, 'x');
      batch.append(r);
    }
    EXPECT_EQ(batch.error(), errc::map_full);
    EXPECT_EQ(batch.commit(), errc::map_full);
  }
  EXPECT_EQ(store->audit_head_seq(), 1u);
  EXPECT_TRUE(store->history("big").empty());
  append_records(*store, 1, 2);
  auto v = store->verify();
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.records, 2u);
}

TEST(node_store, only_one_write_batch_at_a_time) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto first = store->begin_write(ec);
  ASSERT_FALSE(ec);
  auto second = store->begin_write(ec);
  EXPECT_EQ(ec, std::errc::device_or_resource_busy);
  EXPECT_TRUE(second.commit());
  ASSERT_FALSE(first.commit());
  auto third = store->begin_write(ec);
  EXPECT_FALSE(ec);
}

TEST(node_store, a_committed_batch_accepts_no_more_writes) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  ASSERT_FALSE(batch.commit());
  auto r = make_record("late", "received");
  batch.append(r);
  EXPECT_TRUE(batch.error());
  EXPECT_TRUE(batch.commit());
  EXPECT_EQ(store->audit_head_seq(), 0u);
}

TEST(node_store, moved_batch_commits_once) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  auto r = make_record("m", "received");
  batch.append(r);
  write_batch moved = std::move(batch);
  ASSERT_FALSE(moved.commit());
  EXPECT_EQ(store->audit_head_seq(), 1u);
}

TEST(node_store, read_only_store_reads_but_refuses_writes) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 3);
  }
  auto store = open_store(dir.path(), true);
  std::error_code ec;
  auto batch = store->begin_write(ec);
  EXPECT_EQ(ec, errc::read_only);
  EXPECT_EQ(store->audit_head_seq(), 3u);
  EXPECT_EQ(store->query({}).records.size(), 3u);
  EXPECT_TRUE(store->verify().ok);
}

TEST(node_store, read_only_open_needs_no_master_key) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 1);
  }
  auto options = options_for(dir.path(), true);
  options.master_key.clear(); // no key configured and no master.key file (a key was given)
  ::unsetenv("CRMD_MASTER_KEY");
  std::error_code ec;
  auto store = node_store::open(options, ec);
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_TRUE(store->verify().ok);
  std::string value;
  EXPECT_EQ(store->read_secret("default", "x", value), errc::crypto_error);
}

TEST(node_store, newer_schema_version_is_refused) {
  temp_dir dir;
  { open_store(dir.path()); }
  raw_env{dir.path()}.put("meta", "schema_version", "999");
  std::error_code ec;
  EXPECT_EQ(node_store::open(options_for(dir.path()), ec), nullptr);
  EXPECT_EQ(ec, errc::corrupt_record);
}
