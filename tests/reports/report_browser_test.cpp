// The report page opened in headless Chromium: the page's own script reports how many charts
// Chart.js drew (document.title, read with --dump-dom), and the screenshot must show chart bars
// in the palette colours. A control page with Chart.js removed must show neither, so the pixel
// check can fail. Skipped when chromium is not installed.
#include <gtest/gtest.h>
#include <png.h>

#include <array>
#include <cstdio>
#include <regex>

#include <fmt/format.h>

#include "reports/write_reports.hpp"
#include "tests/reports/report_test_support.hpp"
#include "tests/reports/verdict_test_support.hpp"

namespace mixsim::reports {
namespace {

using namespace mixsim::reports::testing;

constexpr const char* kChromium = "/usr/bin/chromium";

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs headless Chromium with a fresh profile; returns its stdout.
std::string run_chromium(const std::filesystem::path& profile, const std::string& args) {
  std::string cmd = std::string(kChromium) +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --hide-scrollbars --force-device-scale-factor=1"
                    " --user-data-dir=" + shell_quote(profile.string()) + " " + args + " 2>/dev/null";
  std::string out;
  if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    ::pclose(pipe);
  }
  return out;
}

struct Rgba {
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // RGBA rows
};

Rgba read_png(const std::filesystem::path& path) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  Rgba out;
  if (!png_image_begin_read_from_file(&image, path.c_str())) return out;
  image.format = PNG_FORMAT_RGBA;
  out.pixels.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr)) return {};
  out.width = static_cast<int>(image.width);
  out.height = static_cast<int>(image.height);
  return out;
}

// Pixels within 40 (sum of channel differences) of a colour.
int64_t count_near(const Rgba& img, int r, int g, int b) {
  int64_t count = 0;
  for (size_t i = 0; i + 3 < img.pixels.size(); i += 4)
    if (std::abs(img.pixels[i] - r) + std::abs(img.pixels[i + 1] - g) + std::abs(img.pixels[i + 2] - b) < 40)
      ++count;
  return count;
}

class ReportInBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium not installed";
    write_reports({load_fixture("small_results.json")}, load_fixture("gpu.json"), dir.path);
    page = dir.path / "report.html";
  }
  TempDir dir{"browser"};
  std::filesystem::path page;
};

TEST_F(ReportInBrowser, EveryChartIsDrawn) {
  std::string html = read_text(page);
  int64_t expected = 0;
  for (size_t at = html.find("<canvas id="); at != std::string::npos; at = html.find("<canvas id=", at + 1))
    ++expected;
  ASSERT_GT(expected, 8);
  TempDir profile("chromium-profile");
  std::string dom = run_chromium(profile.path, "--virtual-time-budget=5000 --dump-dom " +
                                                   shell_quote("file://" + page.string()));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dom, m, std::regex("<title>mixsim report: (\\d+)/(\\d+) charts drawn</title>")))
      << "page script did not finish; DOM starts: " << dom.substr(0, 300);
  EXPECT_EQ(std::stoll(m[1].str()), expected);
  EXPECT_EQ(std::stoll(m[2].str()), expected);
}

TEST_F(ReportInBrowser, ScreenshotShowsChartBarsAndAControlPageDoesNot) {
  // Control: the same page without Chart.js draws nothing on its canvases.
  std::string html = read_text(page);
  auto start = html.find("<script>\n/*!\n * Chart.js");
  ASSERT_NE(start, std::string::npos);
  auto end = html.find("</script>", start);
  std::string control_html = html.substr(0, start) + html.substr(end + 9);
  auto control = dir.path / "control.html";
  { std::ofstream(control) << control_html; }

  int64_t blue[2], orange[2];
  int index = 0;
  for (const auto& p : {page, control}) {
    TempDir profile("chromium-profile");
    auto png = dir.path / ("shot" + std::to_string(index) + ".png");
    run_chromium(profile.path, "--virtual-time-budget=5000 --window-size=1200,1400 --screenshot=" +
                                   shell_quote(png.string()) + " " + shell_quote("file://" + p.string()));
    Rgba img = read_png(png);
    ASSERT_EQ(img.width, 1200) << "no screenshot from chromium for " << p;
    // Okabe-Ito blue #0072B2 and orange #E69F00: the first two series of every chart.
    blue[index] = count_near(img, 0x00, 0x72, 0xB2);
    orange[index] = count_near(img, 0xE6, 0x9F, 0x00);
    std::printf("%s: blue px %lld, orange px %lld\n", p.filename().c_str(),
                static_cast<long long>(blue[index]), static_cast<long long>(orange[index]));
    ++index;
  }
  EXPECT_GT(blue[0], 2000);
  EXPECT_GT(orange[0], 2000);
  EXPECT_LT(blue[1], 50);
  EXPECT_LT(orange[1], 50);
}

// The verdict block as Chromium lays the page out: the page's script records which section is
// nearest the top and where the verdict starts; the block's speedups, energy ratios and
// fractions of bound in the rendered DOM equal those recomputed from the results JSON.
TEST(ReportVerdictInBrowser, VerdictOpensThePageWithTheResultsNumbers) {
  if (!std::filesystem::exists(kChromium)) GTEST_SKIP() << "chromium not installed";
  TempDir dir("browser-verdict");
  const nlohmann::json results = results_with_bounds();
  write_reports({results}, std::nullopt, dir.path);
  TempDir profile("chromium-profile");
  const std::string dom = run_chromium(
      profile.path, "--virtual-time-budget=5000 --window-size=1200,900 --dump-dom " +
                        shell_quote("file://" + (dir.path / "report.html").string()));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dom, m, std::regex("<body[^>]*>")))
      << "no DOM from chromium; starts: " << dom.substr(0, 300);
  const std::string body = m[0].str();
  EXPECT_NE(body.find("data-first-section=\"verdict\""), std::string::npos) << body;
  ASSERT_TRUE(std::regex_search(body, m, std::regex("data-verdict-top=\"(-?\\d+)\"")));
  const int top = std::stoi(m[1].str());
  EXPECT_GE(top, 0);
  EXPECT_LT(top, 200) << "the verdict must be on the first screen, below the title only";
  int checked = 0;
  for (const std::string phase : {"decode", "prefill"}) {
    const nlohmann::json* cand = run_of(results, "mixpe", phase);
    const nlohmann::json* base = run_of(results, "dequant-mac", phase);
    ASSERT_TRUE(cand && base);
    const double speedup = (*base)["totals"]["latency_s"].get<double>() / (*cand)["totals"]["latency_s"].get<double>();
    const auto block_at = dom.find("data-phase=\"" + phase + "\"");
    ASSERT_NE(block_at, std::string::npos) << phase;
    const std::string block = dom.substr(block_at, dom.find("</div>", block_at) - block_at);
    EXPECT_NE(block.find(fmt::format("<b class=\"speedup\">{:.3f}x</b>", speedup)), std::string::npos) << block;
    EXPECT_NE(block.find(fmt::format("<b class=\"energy-ratio\">{:.3f}x</b>", run_energy_pj(*base) / run_energy_pj(*cand))),
              std::string::npos) << block;
    for (const auto* run : {cand, base}) {
      const std::string limiter = phase == "decode" ? "dram" : "compute";
      EXPECT_NE(block.find(fmt::format("{:.1f}% ({})", 100.0 * expected_fraction(*run), limiter)),
                std::string::npos) << block;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4);
}

}  // namespace
}  // namespace mixsim::reports
