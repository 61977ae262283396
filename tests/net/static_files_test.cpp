#include "net/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace crm::net;
namespace fs = std::filesystem;

namespace {

class StaticFiles : public ::testing::Test {
protected:
  void SetUp() override {
    auto pattern = (fs::temp_directory_path() / "crm-static-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    root_ = base_ + "/dist";
    fs::create_directories(root_ + "/assets");
    write(root_ + "/index.html", "<!doctype html><title>crmd</title>");
    write(root_ + "/assets/app-3f2a.js", "console.log(1)");
    write(root_ + "/assets/app-3f2a.css", "body{}");
    write(root_ + "/favicon.svg", "<svg/>");
    write(base_ + "/secret.txt", "outside the root");
    fs::create_symlink(base_ + "/secret.txt", root_ + "/escape.txt");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void write(const std::string& path, const std::string& text) {
    std::ofstream{path} << text;
  }

  static std::string header(const http_response& r, const std::string& name) {
    for (auto& [k, v] : r.headers)
      if (k == name) return v;
    return {};
  }

  std::string base_;
  std::string root_;
};

} // namespace

TEST_F(StaticFiles, serves_files_with_their_content_type) {
  static_files files{root_};
  auto js = files.get("/assets/app-3f2a.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->body, "console.log(1)");
  EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(files.get("/assets/app-3f2a.css")->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(files.get("/favicon.svg")->content_type, "image/svg+xml");
}

TEST_F(StaticFiles, hashed_assets_are_cached_for_good_and_the_page_is_revalidated) {
  static_files files{root_};
  EXPECT_EQ(header(*files.get("/assets/app-3f2a.js"), "Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(header(*files.get("/"), "Cache-Control"), "no-cache");
  EXPECT_EQ(header(*files.get("/favicon.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFiles, client_routes_fall_back_to_the_index_page) {
  static_files files{root_};
  for (auto path : {"/", "/admin", "/admin/audit", "/queue/"}) {
    auto page = files.get(path);
    ASSERT_TRUE(page) << path;
    EXPECT_EQ(page->content_type, "text/html; charset=utf-8") << path;
    EXPECT_NE(page->body.find("<title>crmd</title>"), std::string::npos) << path;
  }
}

TEST_F(StaticFiles, missing_files_are_not_found_rather_than_the_index_page) {
  static_files files{root_};
  EXPECT_FALSE(files.get("/assets/missing-1234.js"));
  EXPECT_FALSE(files.get("/nothing.png"));
}

TEST_F(StaticFiles, nothing_outside_the_root_is_ever_served) {
  static_files files{root_};
  EXPECT_FALSE(files.get("/../secret.txt"));
  EXPECT_FALSE(files.get("/assets/../../secret.txt"));
  EXPECT_FALSE(files.get("/escape.txt")); // a symlink out of the root
  EXPECT_FALSE(files.get(std::string_view{"/index.html\0.js", 15}));
  EXPECT_FALSE(files.get("relative.txt"));
}

TEST_F(StaticFiles, a_missing_root_serves_nothing) {
  static_files files{base_ + "/not-built"};
  EXPECT_FALSE(files.enabled());
  EXPECT_FALSE(files.get("/"));
  EXPECT_FALSE(static_files{""}.get("/"));
}

TEST(content_type_for, falls_back_to_octet_stream) {
  EXPECT_EQ(content_type_for("a.bin"), "application/octet-stream");
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
}
