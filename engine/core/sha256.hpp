#pragma once

#include <string>
#include <string_view>

namespace ogan {

// SHA-256 of a file's bytes, as lowercase hex. InputError if the file cannot be read.
std::string sha256_file(const std::string& path);

// SHA-256 of a text, as lowercase hex.
std::string sha256_text(std::string_view text);

}  // namespace ogan
