// Atomic safetensors writing, byte-compatible with the Python library's layout.
#include "io/safetensors.h"

#include "common/error.h"
#include "io/atomic_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <set>

namespace bitdelta {

void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata) {
    struct Entry {
        std::string name;
        std::string dtype;
        size_t item = 0;
        at::Tensor tensor;  // CPU, contiguous
    };
    std::vector<Entry> entries;
    entries.reserve(tensors.size());
    std::set<std::string> seen;
    for (const auto& [name, tensor] : tensors) {
        if (name.empty()) fail_at(path, "cannot write a tensor with an empty name");
        if (name == "__metadata__")
            fail_at(path, "'__metadata__' is reserved and cannot name a tensor");
        if (!seen.insert(name).second) fail_at(path, "tensor '" + name + "' given twice");
        if (!tensor.defined()) fail_at(path, "tensor '" + name + "' is undefined");
        Entry e;
        e.name = name;
        try {
            e.dtype = safetensors_dtype_name(tensor.scalar_type());
        } catch (const Error& err) {
            fail_at(path, "tensor '" + name + "': " + err.what());
        }
        e.item = safetensors_dtype_size(e.dtype);
        e.tensor = tensor.detach().to(at::kCPU).contiguous();
        entries.push_back(std::move(e));
    }
    // Largest elements first, then by name: every offset stays a multiple of its element size.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        return a.item != b.item ? a.item > b.item : a.name < b.name;
    });

    nlohmann::json header = nlohmann::json::object();
    uint64_t offset = 0;
    for (const auto& e : entries) {
        const uint64_t nbytes = static_cast<uint64_t>(e.tensor.numel()) * e.item;
        nlohmann::json shape = nlohmann::json::array();
        for (const auto d : e.tensor.sizes())
            shape.push_back(d);
        header[e.name] = {
            {"dtype", e.dtype}, {"shape", shape}, {"data_offsets", {offset, offset + nbytes}}};
        offset += nbytes;
    }
    if (!metadata.empty()) {
        nlohmann::json meta = nlohmann::json::object();
        for (const auto& [k, v] : metadata)
            meta[k] = v;
        header["__metadata__"] = meta;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the data buffer starts 8-byte aligned

    write_atomic_with(path, [&](const std::string& tmp) {
        FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f)
            fail_at(path, std::string("cannot open the temporary file: ") + std::strerror(errno));
        bool ok = true;
        uint8_t len[8];
        uint64_t n = text.size();
        for (int i = 0; i < 8; ++i)
            len[i] = static_cast<uint8_t>(n >> (8 * i));
        ok = ok && std::fwrite(len, 1, 8, f) == 8;
        ok = ok && std::fwrite(text.data(), 1, text.size(), f) == text.size();
        for (const auto& e : entries) {
            if (!ok) break;
            const size_t nbytes = static_cast<size_t>(e.tensor.numel()) * e.item;
            if (nbytes == 0) continue;
            ok = std::fwrite(e.tensor.data_ptr(), 1, nbytes, f) == nbytes;
        }
        const int saved = errno;
        if (std::fclose(f) != 0 || !ok)
            fail_at(path, std::string("writing failed (disk full?): ") +
                              std::strerror(ok ? errno : saved));
    });
}

}  // namespace bitdelta
