#pragma once

#include <string>

namespace ogan::gis {

// Registers GDAL drivers once per process and routes GDAL's own messages to the log, so they
// do not interleave with ogan's output. Safe to call from anywhere, any number of times.
void ensure_gdal();

// The text of the last GDAL error on this thread, or "" if none.
std::string last_gdal_error();

}  // namespace ogan::gis
