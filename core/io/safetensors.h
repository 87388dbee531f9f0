#pragma once
// safetensors: memory-mapped reading and atomic writing.
// Format: 8-byte little-endian header length N, N bytes of JSON header
// {"name": {"dtype": "F16", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {str:
// str}}, then the data buffer; offsets are relative to the buffer's start. The tensors must tile
// the buffer exactly (no overlaps, no holes, no trailing bytes), as the spec and the Python library
// require.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

// 8-bit floats exist in LibTorch 2.1+ only; F8_E4M3/F8_E5M2 tensors are refused clearly without
// them.
#if defined(__has_include)
#if __has_include(<c10/util/Float8_e4m3fn.h>)
#define BITDELTA_HAVE_FLOAT8 1
#endif
#endif
#ifndef BITDELTA_HAVE_FLOAT8
#define BITDELTA_HAVE_FLOAT8 0
#endif

namespace bitdelta {

struct TensorInfo {
    std::string name;
    std::string dtype;  // safetensors spelling: F32, F16, BF16, I64, I32, I8, U8, BOOL, F64, ...
    std::vector<int64_t> shape;
    uint64_t data_begin = 0;  // relative to the data buffer
    uint64_t data_end = 0;
    std::string file;  // the file this tensor lives in (for sharded checkpoints)
};

class MappedFile;  // private: an mmap that tensors keep alive through their deleter

// One .safetensors file, memory-mapped. Validates the whole header on open: every malformed input
// throws bitdelta::Error naming the file and the fault.
class SafetensorsFile {
  public:
    static std::shared_ptr<SafetensorsFile> open(const std::string& path);

    const std::string& path() const { return path_; }
    std::vector<std::string> names() const;  // in file order (sorted by offset)
    bool contains(const std::string& name) const;
    const TensorInfo& info(const std::string& name) const;  // throws if absent
    const std::map<std::string, std::string>& metadata() const { return metadata_; }

    // A CPU tensor over the mapped bytes (zero-copy) for
    // F32/F16/BF16/F64/I64/I32/I16/I8/U8/BOOL/C64; the mapping lives as long as any tensor from it.
    // F8_E4M3/F8_E5M2 come back as LibTorch's float8 types (zero-copy) where LibTorch has them
    // (2.1+), else are refused; U16/U32/U64 are refused, with a message naming tensor, dtype and
    // file. The mapping is private copy-on-write, so an in-place op on a returned tensor changes
    // only this process's copy, never the file. A tensor whose offset is not aligned to its element
    // size is copied instead.
    at::Tensor tensor(const std::string& name) const;
    // Raw bytes of a tensor (for fingerprints); valid while this object lives.
    std::pair<const uint8_t*, size_t> bytes(const std::string& name) const;

  private:
    std::string path_;
    std::shared_ptr<MappedFile> map_;
    uint64_t data_start_ = 0;  // file offset of the data buffer (8 + header length)
    std::map<std::string, TensorInfo> tensors_;
    std::map<std::string, std::string> metadata_;
    friend struct SafetensorsParser;
};

// Parses and validates a header (exposed for the fuzzer). `file_size` is the whole file's size.
// Throws bitdelta::Error naming `path` on any fault.
void parse_safetensors_header(const std::string& path, const uint8_t* data, size_t file_size,
                              std::map<std::string, TensorInfo>& tensors,
                              std::map<std::string, std::string>& metadata);

// All weights of a checkpoint folder: model.safetensors or shards via model.safetensors.index.json.
class WeightSet {
  public:
    // `dir` holds model.safetensors, or model.safetensors.index.json plus its shards, or (fallback)
    // a single *.safetensors file. Missing shards, tensors named twice, or an index naming an
    // absent tensor are refused.
    static WeightSet open_dir(const std::string& dir);
    static WeightSet open_file(const std::string& path);

    std::vector<std::string> names() const;  // sorted
    bool contains(const std::string& name) const;
    const TensorInfo& info(const std::string& name) const;
    at::Tensor tensor(const std::string& name) const;
    std::pair<const uint8_t*, size_t> bytes(const std::string& name) const;
    uint64_t total_bytes() const;  // sum of tensor data sizes
    const std::vector<std::shared_ptr<SafetensorsFile>>& files() const { return files_; }

  private:
    std::vector<std::shared_ptr<SafetensorsFile>> files_;
    std::map<std::string, size_t> owner_;  // tensor name -> index into files_
};

// Writes tensors (any device/dtype supported by safetensors; moved to CPU contiguous) to `path`
// atomically: a temp file in the same folder, fsync, then rename. Header keys are sorted by name,
// the header is padded with spaces to a multiple of 8 bytes, and the data is laid out by element
// size (largest first) then name, as the Python library does, so every tensor is aligned to its
// element size. Duplicate or empty names and the name "__metadata__" are refused.
void write_safetensors(const std::string& path,
                       const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

// safetensors dtype name <-> LibTorch scalar type; throws for unknown names.
c10::ScalarType scalar_type_from_safetensors(const std::string& dtype, const std::string& where);
std::string safetensors_dtype_name(c10::ScalarType type);
size_t safetensors_dtype_size(const std::string& dtype);  // 0 if unknown

}  // namespace bitdelta
