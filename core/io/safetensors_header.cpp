// Validation of a safetensors header, and the dtype tables. Everything a file claims is checked
// against the file's real size before any byte of tensor data is touched, so a malformed or hostile
// file ends in a bitdelta::Error, never in an out-of-bounds read.
#include "io/safetensors.h"

#include "common/error.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <set>
#include <vector>

namespace bitdelta {
namespace {

// The Python library's limit; a larger header is a corrupt length field, not a real checkpoint.
constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

struct DtypeRow {
    const char* name;
    size_t size;
};

// Every dtype of the safetensors spec whose elements are whole bytes.
constexpr DtypeRow kDtypes[] = {
    {"BOOL", 1}, {"U8", 1},  {"I8", 1},   {"F8_E4M3", 1}, {"F8_E5M2", 1}, {"I16", 2},
    {"U16", 2},  {"F16", 2}, {"BF16", 2}, {"I32", 4},     {"U32", 4},     {"F32", 4},
    {"F64", 8},  {"I64", 8}, {"U64", 8},  {"C64", 8},
};

std::string json_type_name(const nlohmann::json& j) {
    if (j.is_number_float()) return "a fractional number";
    if (j.is_number()) return "an integer";
    return std::string("a ") + j.type_name();
}

// A non-negative integer that fits in int64 (shape entries and offsets both must).
bool read_count(const nlohmann::json& j, uint64_t& out) {
    if (j.is_number_unsigned()) {
        out = j.get<uint64_t>();
        return out <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    }
    if (j.is_number_integer()) {
        const int64_t v = j.get<int64_t>();
        if (v < 0) return false;
        out = static_cast<uint64_t>(v);
        return true;
    }
    return false;
}

std::string describe_count(const nlohmann::json& j) {
    if (j.is_number_integer() && !j.is_number_unsigned()) return std::to_string(j.get<int64_t>());
    if (j.is_number()) return j.dump();
    return json_type_name(j);
}

// nlohmann keeps the last of duplicate keys silently; a header naming a tensor twice is ambiguous,
// so the parse callback tracks the keys of every open object and refuses repeats.
nlohmann::json parse_header_json(const std::string& path, const char* begin, const char* end) {
    std::vector<std::set<std::string>> open_objects;
    auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event,
                        nlohmann::json& parsed) {
        using E = nlohmann::json::parse_event_t;
        if (event == E::object_start) {
            open_objects.emplace_back();
        } else if (event == E::object_end) {
            if (!open_objects.empty()) open_objects.pop_back();
        } else if (event == E::key && !open_objects.empty()) {
            const std::string key = parsed.get<std::string>();
            if (!open_objects.back().insert(key).second)
                fail_at(path, "header names '" + key + "' twice");
        }
        return true;
    };
    try {
        return nlohmann::json::parse(begin, end, callback);
    } catch (const nlohmann::json::exception& e) {
        fail_at(path, std::string("header is not valid JSON (") + e.what() + ")");
    }
}

}  // namespace

size_t safetensors_dtype_size(const std::string& dtype) {
    for (const auto& row : kDtypes)
        if (dtype == row.name) return row.size;
    return 0;
}

c10::ScalarType scalar_type_from_safetensors(const std::string& dtype, const std::string& where) {
    if (dtype == "F32") return at::kFloat;
    if (dtype == "F16") return at::kHalf;
    if (dtype == "BF16") return at::kBFloat16;
    if (dtype == "F64") return at::kDouble;
    if (dtype == "I64") return at::kLong;
    if (dtype == "I32") return at::kInt;
    if (dtype == "I16") return at::kShort;
    if (dtype == "I8") return at::kChar;
    if (dtype == "U8") return at::kByte;
    if (dtype == "BOOL") return at::kBool;
    if (dtype == "C64") return at::kComplexFloat;
#if BITDELTA_HAVE_FLOAT8
    if (dtype == "F8_E4M3") return at::ScalarType::Float8_e4m3fn;
    if (dtype == "F8_E5M2") return at::ScalarType::Float8_e5m2;
#else
    if (dtype == "F8_E4M3" || dtype == "F8_E5M2")
        fail_at(where, "dtype " + dtype +
                           " needs LibTorch 2.1 or newer; this build's LibTorch has no "
                           "8-bit float type");
#endif
    if (dtype == "U16" || dtype == "U32" || dtype == "U64")
        fail_at(where, "dtype " + dtype +
                           " (unsigned integer wider than 8 bits) is not supported: "
                           "LibTorch has no general-purpose type for it");
    fail_at(where, "unknown safetensors dtype '" + dtype + "'");
}

std::string safetensors_dtype_name(c10::ScalarType type) {
    switch (type) {
        case at::kFloat:
            return "F32";
        case at::kHalf:
            return "F16";
        case at::kBFloat16:
            return "BF16";
        case at::kDouble:
            return "F64";
        case at::kLong:
            return "I64";
        case at::kInt:
            return "I32";
        case at::kShort:
            return "I16";
        case at::kChar:
            return "I8";
        case at::kByte:
            return "U8";
        case at::kBool:
            return "BOOL";
        case at::kComplexFloat:
            return "C64";
#if BITDELTA_HAVE_FLOAT8
        case at::ScalarType::Float8_e4m3fn:
            return "F8_E4M3";
        case at::ScalarType::Float8_e5m2:
            return "F8_E5M2";
#endif
        default:
            break;
    }
    throw Error(std::string("LibTorch dtype ") + c10::toString(type) +
                " has no safetensors equivalent");
}

void parse_safetensors_header(const std::string& path, const uint8_t* data, size_t file_size,
                              std::map<std::string, TensorInfo>& tensors,
                              std::map<std::string, std::string>& metadata) {
    tensors.clear();
    metadata.clear();
    if (file_size < 8)
        fail_at(path,
                "file is " + std::to_string(file_size) +
                    " bytes, shorter than the 8-byte header length field (not a safetensors file)");
    uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i)
        header_len = (header_len << 8) | data[i];  // little-endian
    if (header_len > kMaxHeaderBytes)
        fail_at(path,
                "header length " + std::to_string(header_len) +
                    " is implausibly large (limit 100 MB): corrupt or not a safetensors file");
    if (header_len > file_size - 8)
        fail_at(path, "header length " + std::to_string(header_len) +
                          " runs past the end of the file (" + std::to_string(file_size) +
                          " bytes): truncated or not a safetensors file");
    if (header_len < 2 || data[8] != '{')
        fail_at(path, "header does not start with '{' (not a safetensors file)");
    const char* json_begin = reinterpret_cast<const char*>(data + 8);
    const nlohmann::json header = parse_header_json(path, json_begin, json_begin + header_len);
    if (!header.is_object())
        fail_at(path, "header is " + json_type_name(header) + ", expected an object");

    const uint64_t buffer_size = file_size - 8 - header_len;
    for (auto it = header.begin(); it != header.end(); ++it) {
        const std::string& name = it.key();
        const nlohmann::json& entry = it.value();
        if (name == "__metadata__") {
            if (entry.is_null()) continue;
            if (!entry.is_object())
                fail_at(path, "__metadata__ is " + json_type_name(entry) +
                                  ", expected an object of strings");
            for (auto m = entry.begin(); m != entry.end(); ++m) {
                if (!m.value().is_string())
                    fail_at(path, "__metadata__ value of '" + m.key() + "' is " +
                                      json_type_name(m.value()) + ", expected a string");
                metadata[m.key()] = m.value().get<std::string>();
            }
            continue;
        }
        const std::string where = path + ": tensor '" + name + "'";
        if (name.empty()) fail_at(path, "header has a tensor with an empty name");
        if (!entry.is_object())
            fail_at(where, "entry is " + json_type_name(entry) + ", expected an object");
        const auto dtype_it = entry.find("dtype");
        const auto shape_it = entry.find("shape");
        const auto offsets_it = entry.find("data_offsets");
        if (dtype_it == entry.end()) fail_at(where, "has no 'dtype'");
        if (shape_it == entry.end()) fail_at(where, "has no 'shape'");
        if (offsets_it == entry.end()) fail_at(where, "has no 'data_offsets'");
        if (!dtype_it->is_string())
            fail_at(where, "'dtype' is " + json_type_name(*dtype_it) + ", expected a string");
        if (!shape_it->is_array())
            fail_at(where, "'shape' is " + json_type_name(*shape_it) + ", expected an array");
        if (!offsets_it->is_array() || offsets_it->size() != 2)
            fail_at(where, "'data_offsets' must be an array of two integers [begin, end]");

        TensorInfo info;
        info.name = name;
        info.file = path;
        info.dtype = dtype_it->get<std::string>();
        const size_t item = safetensors_dtype_size(info.dtype);
        if (item == 0) fail_at(where, "unknown dtype '" + info.dtype + "'");

        // numel * itemsize must not overflow. A zero dimension makes numel 0, but LibTorch still
        // multiplies the other dimensions (sizes and strides) and throws its own error when they
        // pass int64, so such a shape is refused here too.
        uint64_t numel = 1, nonzero = 1;
        bool overflow = false, zero = false, huge = false;
        for (size_t d = 0; d < shape_it->size(); ++d) {
            uint64_t dim = 0;
            if (!read_count((*shape_it)[d], dim))
                fail_at(where, "shape[" + std::to_string(d) + "] is " +
                                   describe_count((*shape_it)[d]) +
                                   ", expected a non-negative integer");
            info.shape.push_back(static_cast<int64_t>(dim));
            zero = zero || dim == 0;
            overflow = overflow || __builtin_mul_overflow(numel, dim, &numel);
            if (dim != 0) huge = huge || __builtin_mul_overflow(nonzero, dim, &nonzero);
        }
        uint64_t expected = 0;
        if (zero) {
            if (huge || nonzero > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
                fail_at(where,
                        "shape has a zero dimension, but its other dimensions multiply past 2^63 "
                        "(LibTorch cannot hold such a tensor)");
            numel = 0;
            overflow = false;
        } else {
            overflow =
                overflow || __builtin_mul_overflow(numel, static_cast<uint64_t>(item), &expected);
        }
        uint64_t begin = 0, end = 0;
        if (!read_count((*offsets_it)[0], begin) || !read_count((*offsets_it)[1], end))
            fail_at(where, "'data_offsets' must be two non-negative integers");
        if (begin > end)
            fail_at(where, "data_offsets begin " + std::to_string(begin) + " is after end " +
                               std::to_string(end));
        if (end > buffer_size)
            fail_at(where, "data_offsets end " + std::to_string(end) +
                               " is past the data buffer (" + std::to_string(buffer_size) +
                               " bytes)");
        if (overflow || expected != end - begin)
            fail_at(where,
                    "holds " + std::to_string(end - begin) + " bytes but its dtype " + info.dtype +
                        " and shape need " +
                        (overflow ? std::string("more than 2^64") : std::to_string(expected)));
        info.data_begin = begin;
        info.data_end = end;
        tensors.emplace(name, std::move(info));
    }

    // The spec requires the tensors to tile the buffer exactly: no overlaps, no holes, no trailing
    // bytes.
    std::vector<const TensorInfo*> order;
    order.reserve(tensors.size());
    for (const auto& kv : tensors)
        order.push_back(&kv.second);
    std::stable_sort(order.begin(), order.end(), [](const TensorInfo* a, const TensorInfo* b) {
        return a->data_begin != b->data_begin ? a->data_begin < b->data_begin
                                              : a->data_end < b->data_end;
    });
    uint64_t cursor = 0;
    const TensorInfo* previous = nullptr;
    for (const TensorInfo* t : order) {
        if (t->data_begin < cursor)
            fail_at(path, "tensor '" + t->name + "' overlaps tensor '" + previous->name +
                              "' (bytes " + std::to_string(t->data_begin) + ".." +
                              std::to_string(cursor) + ")");
        if (t->data_begin > cursor)
            fail_at(path, "data buffer has a hole of " + std::to_string(t->data_begin - cursor) +
                              " bytes before tensor '" + t->name + "' (offset " +
                              std::to_string(cursor) + ")");
        cursor = t->data_end;
        if (t->data_end > t->data_begin) previous = t;
    }
    if (cursor != buffer_size)
        fail_at(
            path,
            "data buffer has " + std::to_string(buffer_size - cursor) +
                " bytes after the last tensor that no tensor claims (truncated header or corrupt "
                "file)");
}

}  // namespace bitdelta
