#pragma once
// Atomic writes: everything core writes goes to a temp file in the target's folder, is flushed to disk,
// then renamed over the target, so a crash or cancel never leaves a half-written file behind.
#include <functional>
#include <string>

namespace bitdelta {

// Writes `content` to `path` atomically.
void write_file_atomic(const std::string& path, const std::string& content);
// Calls `writer` with a temp path in the same folder; on success renames it to `path`, on exception
// removes the temp file and rethrows.
void write_atomic_with(const std::string& path, const std::function<void(const std::string& tmp)>& writer);
// Reads a whole (text) file; throws Error naming the file when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace bitdelta
