#include "store/secrets.hpp"

#include "store/errc.hpp"
#include "store/master_key.hpp"
#include "store/secret_box.hpp"
#include "store_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sys/stat.h>

using namespace crm::store;
using namespace crm::store::testing;
using namespace std::literals;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

void put_secret(node_store& store, const std::string& name, const std::string& value) {
  std::error_code ec;
  auto batch = store.begin_write(ec);
  ASSERT_FALSE(ec);
  ASSERT_FALSE(batch.put_secret("default", name, value));
  ASSERT_FALSE(batch.commit());
}

} // namespace

// -- secret_box -------------------------------------------------------------------

TEST(secret_box, sealed_value_opens_only_with_its_key_and_place) {
  secret_box box;
  ASSERT_FALSE(secret_box::make(std::string(32, 'a'), box));
  std::string sealed;
  ASSERT_FALSE(box.seal("sk-live-123", "default\0llm"sv, sealed));
  EXPECT_EQ(sealed.size(), secret_box::nonce_size + 11 + secret_box::tag_size);
  std::string plain;
  ASSERT_FALSE(box.open(sealed, "default\0llm"sv, plain));
  EXPECT_EQ(plain, "sk-live-123");
  EXPECT_EQ(box.open(sealed, "acme\0llm"sv, plain), errc::crypto_error);
  secret_box other;
  ASSERT_FALSE(secret_box::make(std::string(32, 'b'), other));
  EXPECT_EQ(other.open(sealed, "default\0llm"sv, plain), errc::crypto_error);
  for (size_t i = 0; i < sealed.size(); i += 7) {
    auto flipped = sealed;
    flipped[i] ^= 0x01;
    EXPECT_EQ(box.open(flipped, "default\0llm"sv, plain), errc::crypto_error) << i;
  }
  EXPECT_EQ(box.open("short", "", plain), errc::crypto_error);
}

TEST(secret_box, every_seal_uses_a_fresh_nonce) {
  secret_box box;
  ASSERT_FALSE(secret_box::make(std::string(32, 'a'), box));
  std::string a;
  std::string b;
  ASSERT_FALSE(box.seal("same", "", a));
  ASSERT_FALSE(box.seal("same", "", b));
  EXPECT_NE(a.substr(0, secret_box::nonce_size), b.substr(0, secret_box::nonce_size));
  EXPECT_NE(a, b);
}

TEST(secret_box, keys_of_the_wrong_size_are_refused) {
  secret_box box;
  EXPECT_EQ(secret_box::make("short", box), errc::crypto_error);
  EXPECT_FALSE(box.has_key());
  std::string out;
  EXPECT_EQ(box.seal("x", "", out), errc::crypto_error);
}

TEST(secret_box, empty_values_round_trip) {
  secret_box box;
  ASSERT_FALSE(secret_box::make(std::string(32, 'a'), box));
  std::string sealed;
  std::string plain = "junk";
  ASSERT_FALSE(box.seal("", "aad", sealed));
  ASSERT_FALSE(box.open(sealed, "aad", plain));
  EXPECT_EQ(plain, "");
}

// -- stored secrets ---------------------------------------------------------------

TEST(secrets, round_trip_and_list_without_values) {
  temp_dir dir;
  auto store = open_store(dir.path());
  put_secret(*store, "llm_api_key", "sk-live-0123456789");
  put_secret(*store, "app_secret", "whatsapp-app-secret");
  EXPECT_EQ(store->read_secret("default", "llm_api_key"), "sk-live-0123456789");
  EXPECT_FALSE(store->read_secret("default", "missing"));
  EXPECT_FALSE(store->read_secret("acme", "llm_api_key"));
  std::string value;
  EXPECT_EQ(store->read_secret("default", "missing", value), errc::not_found);
  auto list = store->secrets("default");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "app_secret");
  EXPECT_EQ(list[1].name, "llm_api_key");
  EXPECT_GT(list[0].updated_at_ms, 1'600'000'000'000);
  EXPECT_TRUE(store->secrets("acme").empty());
}

TEST(secrets, values_are_not_in_the_data_file_in_clear) {
  temp_dir dir;
  const std::string clear = "sk-very-recognisable-secret-value";
  {
    auto store = open_store(dir.path());
    put_secret(*store, "llm_api_key", clear);
  }
  auto bytes = read_file(dir.path() + "/data.mdb");
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(clear), std::string::npos);
  EXPECT_EQ(bytes.find("sk-very"), std::string::npos);
}

TEST(secrets, wrong_master_key_is_refused_at_open_and_on_read) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    put_secret(*store, "llm_api_key", "sk-1");
  }
  auto options = options_for(dir.path());
  options.master_key = std::string(32, 'w');
  std::error_code ec;
  EXPECT_EQ(node_store::open(options, ec), nullptr);
  EXPECT_EQ(ec, errc::crypto_error);
  // Read-only tools open anyway (they need the audit log), but secrets do not decrypt.
  options.read_only = true;
  auto store = node_store::open(options, ec);
  ASSERT_NE(store, nullptr) << ec.message();
  std::string value;
  EXPECT_EQ(store->read_secret("default", "llm_api_key", value), errc::crypto_error);
  EXPECT_FALSE(store->read_secret("default", "llm_api_key"));
}

TEST(secrets, hex_master_key_equals_the_raw_one) {
  temp_dir dir;
  {
    auto store = open_store(dir.path());
    put_secret(*store, "k", "v");
  }
  auto options = options_for(dir.path());
  options.master_key = std::string(64, '0');
  for (size_t i = 0; i < 32; ++i) { // test_key() is 32 x 'k' (0x6b)
    options.master_key[2 * i] = '6';
    options.master_key[2 * i + 1] = 'b';
  }
  std::error_code ec;
  auto store = node_store::open(options, ec);
  ASSERT_NE(store, nullptr) << ec.message();
  EXPECT_EQ(store->read_secret("default", "k"), "v");
  options.master_key = "not-a-key";
  store.reset();
  EXPECT_EQ(node_store::open(options, ec), nullptr);
  EXPECT_EQ(ec, errc::crypto_error);
}

TEST(master_key, file_is_created_private_and_reused) {
  temp_dir dir;
  ::unsetenv(master_key_env);
  std::string first;
  ASSERT_FALSE(load_master_key("", dir.path(), true, first));
  EXPECT_EQ(first.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() + "/master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  std::string second;
  ASSERT_FALSE(load_master_key("", dir.path(), false, second));
  EXPECT_EQ(first, second);
}

TEST(master_key, environment_key_wins_over_the_file_and_bad_ones_fail) {
  temp_dir dir;
  ::setenv(master_key_env, std::string(64, 'a').c_str(), 1);
  std::string key;
  EXPECT_FALSE(load_master_key("", dir.path(), true, key));
  EXPECT_EQ(key, std::string(32, '\xaa'));
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/master.key"));
  ::setenv(master_key_env, "zz", 1);
  EXPECT_EQ(load_master_key("", dir.path(), true, key), errc::crypto_error);
  ::unsetenv(master_key_env);
  EXPECT_EQ(load_master_key("", dir.path(), false, key), errc::not_found);
}

TEST(master_key, truncated_key_file_is_refused) {
  temp_dir dir;
  ::unsetenv(master_key_env);
  std::ofstream{dir.path() + "/master.key", std::ios::binary} << "too short";
  std::string key;
  EXPECT_EQ(load_master_key("", dir.path(), true, key), errc::crypto_error);
}

TEST(master_key, store_without_configured_key_survives_restart) {
  temp_dir dir;
  ::unsetenv(master_key_env);
  auto options = options_for(dir.path());
  options.master_key.clear();
  std::error_code ec;
  {
    auto store = node_store::open(options, ec);
    ASSERT_NE(store, nullptr) << ec.message();
    put_secret(*store, "k", "v");
  }
  auto store = node_store::open(options, ec);
  ASSERT_NE(store, nullptr) << ec.message();
  EXPECT_EQ(store->read_secret("default", "k"), "v");
}
