#include "store/audit_log.hpp"

#include "store/audit_codec.hpp"
#include "store/audit_json.hpp"
#include "store/digest.hpp"
#include "store_fixture.hpp"

#include <gtest/gtest.h>

using namespace crm::store;
using namespace crm::store::testing;

namespace {

/// Replaces the first `from` in `s` with `to`.
std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

audit_record stored_record(const std::string& dir, uint64_t seq) {
  raw_env raw{dir};
  auto bytes = raw.get("audit", seq_key(seq));
  audit_record r;
  EXPECT_TRUE(bytes.has_value());
  if (bytes) {
    EXPECT_FALSE(parse_audit_json(*bytes, r));
  }
  return r;
}

} // namespace

// -- the chain ------------------------------------------------------------------

TEST(audit_log, appended_records_form_a_verifiable_chain) {
  temp_dir dir;
  auto store = open_store(dir.path());
  std::error_code ec;
  auto batch = store->begin_write(ec);
  ASSERT_FALSE(ec);
  std::vector<audit_record> written;
  for (int i = 1; i <= 5; ++i) {
    auto r = make_record(numbered("t", i), "received");
    batch.append(r);
    written.push_back(r);
  }
  ASSERT_FALSE(batch.commit());
  EXPECT_EQ(written[0].seq, 1u);
  EXPECT_EQ(written[0].prev_hash, std::string(64, '0'));
  for (size_t i = 1; i < written.size(); ++i) {
    EXPECT_EQ(written[i].seq, i + 1);
    EXPECT_EQ(written[i].prev_hash, written[i - 1].hash);
  }
  // The documented rule, computed independently of audit_codec.
  EXPECT_EQ(written[2].hash, sha256_hex(written[2].prev_hash, to_json_without_hash(written[2])));
  auto v = store->verify();
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.records, 5u);
  EXPECT_EQ(v.head_hash, written.back().hash);
  EXPECT_EQ(store->audit_head_seq(), 5u);
}

TEST(audit_log, empty_log_verifies_with_the_genesis_head) {
  temp_dir dir;
  auto store = open_store(dir.path());
  auto v = store->verify();
  EXPECT_TRUE(v.ok);
  EXPECT_EQ(v.records, 0u);
  EXPECT_EQ(v.head_hash, std::string(64, '0'));
}

TEST(audit_log, stored_bytes_are_the_canonical_json) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 1);
  }
  raw_env raw{dir.path()};
  auto bytes = raw.get("audit", seq_key(1));
  ASSERT_TRUE(bytes);
  audit_record r;
  ASSERT_FALSE(parse_audit_json(*bytes, r));
  EXPECT_EQ(to_json(r), *bytes);
}

TEST(audit_log, chain_continues_across_batches_and_restarts) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 2);
    append_records(*store, 1, 3);
  }
  {
    auto store = open_store(dir.path());
    EXPECT_EQ(store->audit_head_seq(), 3u);
    append_records(*store, 2, 4);
    auto v = store->verify();
    EXPECT_TRUE(v.ok) << v.first_bad_seq;
    EXPECT_EQ(v.records, 5u);
  }
  EXPECT_EQ(stored_record(dir.path(), 4).prev_hash, stored_record(dir.path(), 3).hash);
}

// -- tampering --------------------------------------------------------------------

TEST(audit_log, changed_field_is_reported_at_its_seq) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 5);
  }
  {
    raw_env raw{dir.path()};
    auto bytes = *raw.get("audit", seq_key(3));
    raw.put("audit", seq_key(3), replace_once(bytes, "\"Passed\"", "\"Blocked\""));
  }
  auto store = open_store(dir.path(), true);
  auto v = store->verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3u);
  EXPECT_EQ(v.records, 5u);
}

TEST(audit_log, rehashed_forgery_breaks_the_next_link) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 5);
  }
  {
    // An attacker who recomputes the forged record's own hash still breaks seq 4's prev link.
    auto forged = stored_record(dir.path(), 3);
    forged.status = "Blocked";
    forged.hash = chain_hash(forged);
    raw_env raw{dir.path()};
    raw.put("audit", seq_key(3), to_json(forged));
  }
  auto v = open_store(dir.path(), true)->verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4u);
}

TEST(audit_log, deleted_record_is_reported_as_the_missing_seq) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 5);
  }
  raw_env{dir.path()}.del("audit", seq_key(3));
  auto v = open_store(dir.path(), true)->verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3u);
  EXPECT_EQ(v.records, 4u);
}

TEST(audit_log, deleted_tail_is_caught_by_the_stored_head_and_stays_caught) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 5);
  }
  raw_env{dir.path()}.del("audit", seq_key(5));
  {
    auto v = open_store(dir.path(), true)->verify();
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.first_bad_seq, 5u);
  }
  // A node restarted on the truncated log keeps numbering after the real head: the gap stays.
  auto store = open_store(dir.path());
  EXPECT_EQ(store->audit_head_seq(), 5u);
  append_records(*store, 1, 6);
  auto v = store->verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 5u);
}

TEST(audit_log, non_canonical_bytes_are_detected_even_with_equal_values) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 3);
  }
  {
    raw_env raw{dir.path()};
    auto bytes = *raw.get("audit", seq_key(2));
    raw.put("audit", seq_key(2), replace_once(bytes, "{\"seq\":2,", "{ \"seq\":2,"));
  }
  auto v = open_store(dir.path(), true)->verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2u);
}

TEST(audit_log, broken_prev_link_is_reported) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 3);
  }
  {
    auto forged = stored_record(dir.path(), 2);
    forged.prev_hash = std::string(64, 'f');
    forged.hash = chain_hash(forged); // self-consistent, but it no longer follows seq 1
    raw_env raw{dir.path()};
    raw.put("audit", seq_key(2), to_json(forged));
  }
  auto v = open_store(dir.path(), true)->verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2u);
}

TEST(audit_log, garbage_record_is_reported) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    append_records(*store, 2);
  }
  raw_env{dir.path()}.put("audit", seq_key(1), "not json");
  auto v = open_store(dir.path(), true)->verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 1u);
}

// -- reading --------------------------------------------------------------------

class audit_query : public ::testing::Test {
protected:
  void SetUp() override {
    store_ = open_store(dir_.path());
    std::error_code ec;
    auto batch = store_->begin_write(ec);
    ASSERT_FALSE(ec);
    // 1..6: tenant default, clients c1/c2 alternating; token per pair of records.
    for (int i = 1; i <= 6; ++i) {
      auto r = make_record(numbered("tok", (i + 1) / 2), i % 2 ? "received" : "screened",
                           i % 2 ? "c1" : "c2");
      if (i == 4) {
        r.classification = "security_violation";
        r.status = "Blocked";
      }
      batch.append(r);
    }
    // 7..8: tenant acme, client c1 too.
    for (int i = 7; i <= 8; ++i) {
      auto r = make_record(numbered("acme", i), "received", "c1", "acme");
      batch.append(r);
    }
    ASSERT_FALSE(batch.commit());
  }

  std::vector<uint64_t> seqs(const audit_filter& f) {
    std::vector<uint64_t> out;
    for (const auto& r : store_->query(f).records)
      out.push_back(r.seq);
    return out;
  }

  temp_dir dir_;
  std::unique_ptr<node_store> store_;
};

TEST_F(audit_query, without_filters_returns_everything_oldest_first) {
  EXPECT_EQ(seqs({}), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(audit_query, tenant_and_client_use_the_client_index) {
  audit_filter f;
  f.tenant = "default";
  f.client_id = "c1";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{1, 3, 5}));
  f.tenant = "acme";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{7, 8}));
  f.tenant = "nobody";
  EXPECT_TRUE(seqs(f).empty());
}

TEST_F(audit_query, client_without_tenant_merges_all_tenants_in_seq_order) {
  audit_filter f;
  f.client_id = "c1";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{1, 3, 5, 7, 8}));
  f.limit = 4;
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{1, 3, 5, 7}));
  f.since_seq = 5;
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{7, 8}));
}

TEST_F(audit_query, event_token_uses_the_token_index) {
  audit_filter f;
  f.event_token = "tok2";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{3, 4}));
  f.state = "screened";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{4}));
  f.event_token = "tok";
  f.state.clear();
  EXPECT_TRUE(seqs(f).empty()) << "a token is matched whole, not as a prefix";
}

TEST_F(audit_query, classification_status_and_state_filter_the_scan) {
  audit_filter f;
  f.classification = "security_violation";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{4}));
  f = {};
  f.status = "Passed";
  f.state = "received";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{1, 3, 5, 7, 8}));
  f.tenant = "acme";
  EXPECT_EQ(seqs(f), (std::vector<uint64_t>{7, 8}));
}

TEST_F(audit_query, pages_chain_through_next_since_seq) {
  audit_filter f;
  f.limit = 3;
  std::vector<uint64_t> all;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store_->query(f);
    if (page.records.empty()) {
      EXPECT_EQ(page.next_since_seq, f.since_seq);
      break;
    }
    EXPECT_LE(page.records.size(), 3u);
    EXPECT_EQ(page.next_since_seq, page.records.back().seq);
    for (const auto& r : page.records)
      all.push_back(r.seq);
    f.since_seq = page.next_since_seq;
  }
  EXPECT_EQ(all, (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(audit_query, limit_is_capped_and_zero_means_the_default) {
  std::error_code ec;
  {
    auto batch = store_->begin_write(ec);
    for (int i = 0; i < 1100; ++i) {
      auto r = make_record("bulk", "received", "bulk");
      batch.append(r);
    }
    ASSERT_FALSE(batch.commit());
  }
  audit_filter f;
  f.limit = 5000;
  EXPECT_EQ(store_->query(f).records.size(), audit_log::max_page_records);
  f.limit = 0;
  EXPECT_EQ(store_->query(f).records.size(), audit_log::default_page_records);
  f.since_seq = UINT64_MAX;
  auto page = store_->query(f);
  EXPECT_TRUE(page.records.empty());
  EXPECT_EQ(page.next_since_seq, UINT64_MAX);
}

TEST_F(audit_query, history_lists_one_messages_records) {
  auto h = store_->history("tok3");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].seq, 5u);
  EXPECT_EQ(h[1].state, "screened");
  EXPECT_TRUE(store_->history("missing").empty());
  EXPECT_TRUE(store_->history("").empty());
}
