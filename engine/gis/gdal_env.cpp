#include "engine/gis/gdal_env.hpp"

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace ogan::gis {

namespace {
void CPL_STDCALL log_gdal_message(CPLErr level, CPLErrorNum code, const char* msg) {
  if (level == CE_Debug) return;
  if (level == CE_Warning) {
    spdlog::debug("GDAL warning {}: {}", code, msg);
  } else {
    spdlog::debug("GDAL error {}: {}", code, msg);
  }
}
}  // namespace

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    CPLSetErrorHandler(log_gdal_message);
  });
}

std::string last_gdal_error() {
  const char* msg = CPLGetLastErrorMsg();
  return msg ? std::string(msg) : std::string();
}

}  // namespace ogan::gis
