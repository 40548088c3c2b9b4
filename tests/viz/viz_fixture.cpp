#include "tests/viz/viz_fixture.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/data/demand_fixture.hpp"
#include "tests/support/fixtures.hpp"

namespace ogan::test::viz {

std::string tmp(const std::string& name) {
  return ogan::test::scratch_dir() / ("ogan-viz-" + std::to_string(::getpid()) + "-" + name);
}

const std::string& results_file() {
  static const std::string out = [] {
    const std::string f = tmp("run.h5");
    std::string log;
    EXPECT_EQ(run_command(std::string(OGAN_EXE) + " run " + oku_scenario_file() +
                              " --sample 0.05 --iterations 1 -o " + f,
                          &log),
              0)
        << log;
    return f;
  }();
  return out;
}

std::string viz(const std::string& args, int* rc) {
  std::string log;
  *rc = run_command(std::string(OGAN_VIZ) + " " + args, &log);
  return log;
}

std::string pdf_text(const std::string& pdf) {
  std::string log;
  EXPECT_EQ(run_command("pdftotext " + pdf + " -", &log), 0) << log;
  return log;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string edited_copy(const std::string& name, const std::function<void(hid_t)>& edit) {
  const auto path = tmp(name);
  std::filesystem::copy_file(results_file(), path,
                             std::filesystem::copy_options::overwrite_existing);
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  EXPECT_GE(f, 0);
  edit(f);
  H5Fclose(f);
  return path;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(path));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto& row = rows.emplace_back(1);
    bool quoted = false;
    for (char c : line) {
      if (c == '"')
        quoted = !quoted;
      else if (c == ',' && !quoted)
        row.emplace_back();
      else
        row.back() += c;
    }
  }
  return rows;
}

Png::Png(const std::string& f) : s(cairo_image_surface_create_from_png(f.c_str())) {}
Png::~Png() {
  cairo_surface_destroy(s);
}

std::array<int, 3> Png::px(int x, int y) const {
  cairo_surface_flush(s);
  const auto* data = cairo_image_surface_get_data(s);
  const int stride = cairo_image_surface_get_stride(s);
  const auto* p = data + y * stride + x * 4;  // BGRA, little-endian ARGB32
  return {p[2], p[1], p[0]};
}

std::array<int, 3> Png::at(double fx, double fy) const {
  return px(static_cast<int>(fx * width()), static_cast<int>(fy * height()));
}

}  // namespace ogan::test::viz
