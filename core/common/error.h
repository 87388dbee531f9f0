#pragma once
// The one exception type core throws. Its message names the file, tensor or setting and the fault,
// so the CLI can print it as is and the GUI can show it in a dialog.
#include <stdexcept>
#include <string>

namespace bitdelta {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a Progress was cancelled; a distinct type so callers can tell "stopped" from "failed".
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled by the user") {}
};

// Builds "<where>: <what>" messages, e.g. error_at("model.safetensors", "header length past the end").
[[noreturn]] void fail_at(const std::string& where, const std::string& what);

}  // namespace bitdelta
