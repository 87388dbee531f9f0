// Memory-mapped safetensors files and the weight set of a checkpoint folder (single file or
// shards).
#include "io/safetensors.h"

#include "common/error.h"
#include "io/atomic_file.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace bitdelta {

// One read-only view of a file. Mapped private and writable (copy-on-write): an in-place op on a
// tensor that borrows these pages then changes only this process's copy instead of faulting.
class MappedFile {
  public:
    explicit MappedFile(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) fail_at(path, std::string("cannot open: ") + std::strerror(errno));
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            const int saved = errno;
            ::close(fd);
            fail_at(path, std::string("cannot stat: ") + std::strerror(saved));
        }
        if (!S_ISREG(st.st_mode)) {
            ::close(fd);
            fail_at(path, "is not a regular file");
        }
        size_ = static_cast<size_t>(st.st_size);
        if (size_ > 0) {
            void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
            if (p == MAP_FAILED) p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
            if (p == MAP_FAILED) {
                const int saved = errno;
                ::close(fd);
                fail_at(path, std::string("cannot memory-map: ") + std::strerror(saved));
            }
            data_ = static_cast<uint8_t*>(p);
        }
        ::close(fd);  // the mapping keeps the file alive
    }
    ~MappedFile() {
        if (data_) ::munmap(data_, size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    uint8_t* data() const { return data_; }
    size_t size() const { return size_; }

  private:
    uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

struct SafetensorsParser {
    static std::shared_ptr<SafetensorsFile> open(const std::string& path) {
        auto file = std::make_shared<SafetensorsFile>();
        file->path_ = path;
        file->map_ = std::make_shared<MappedFile>(path);
        static const uint8_t kEmpty[1] = {0};
        const uint8_t* data = file->map_->data() ? file->map_->data() : kEmpty;
        parse_safetensors_header(path, data, file->map_->size(), file->tensors_, file->metadata_);
        uint64_t header_len = 0;
        for (int i = 7; i >= 0; --i)
            header_len = (header_len << 8) | data[i];
        file->data_start_ = 8 + header_len;
        return file;
    }
};

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::string& path) {
    return SafetensorsParser::open(path);
}

std::vector<std::string> SafetensorsFile::names() const {
    std::vector<const TensorInfo*> order;
    for (const auto& kv : tensors_)
        order.push_back(&kv.second);
    std::stable_sort(order.begin(), order.end(), [](const TensorInfo* a, const TensorInfo* b) {
        return a->data_begin < b->data_begin;
    });
    std::vector<std::string> out;
    out.reserve(order.size());
    for (const auto* t : order)
        out.push_back(t->name);
    return out;
}

bool SafetensorsFile::contains(const std::string& name) const {
    return tensors_.count(name) != 0;
}

const TensorInfo& SafetensorsFile::info(const std::string& name) const {
    const auto it = tensors_.find(name);
    if (it == tensors_.end()) fail_at(path_, "no tensor named '" + name + "'");
    return it->second;
}

std::pair<const uint8_t*, size_t> SafetensorsFile::bytes(const std::string& name) const {
    const TensorInfo& t = info(name);
    const size_t n = static_cast<size_t>(t.data_end - t.data_begin);
    if (n == 0) return {nullptr, 0};
    return {map_->data() + data_start_ + t.data_begin, n};
}

at::Tensor SafetensorsFile::tensor(const std::string& name) const {
    const TensorInfo& t = info(name);
    const auto type = scalar_type_from_safetensors(t.dtype, path_ + ": tensor '" + name + "'");
    const auto options = at::TensorOptions().dtype(type).device(at::kCPU);
    const size_t nbytes = static_cast<size_t>(t.data_end - t.data_begin);
    if (nbytes == 0) return at::empty(t.shape, options);
    uint8_t* ptr = map_->data() + data_start_ + t.data_begin;
    const size_t item = safetensors_dtype_size(t.dtype);
    if (reinterpret_cast<uintptr_t>(ptr) % item != 0) {
        // Misaligned element pointers are undefined behaviour for most kernels: copy instead.
        at::Tensor out = at::empty(t.shape, options);
        std::memcpy(out.data_ptr(), ptr, nbytes);
        return out;
    }
    std::shared_ptr<MappedFile> keep = map_;
    return at::from_blob(
        ptr, t.shape, [keep](void*) mutable { keep.reset(); }, options);
}

// ---------------------------------------------------------------------------------------------------
// WeightSet

namespace {

bool file_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool dir_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> list_safetensors(const std::string& dir) {
    std::vector<std::string> out;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return out;
    while (const dirent* e = ::readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() > 12 && name.compare(name.size() - 12, 12, ".safetensors") == 0 &&
            name[0] != '.')
            out.push_back(name);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

std::string join(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

}  // namespace

WeightSet WeightSet::open_file(const std::string& path) {
    WeightSet set;
    set.files_.push_back(SafetensorsFile::open(path));
    for (const auto& name : set.files_[0]->names())
        set.owner_[name] = 0;
    return set;
}

WeightSet WeightSet::open_dir(const std::string& dir) {
    if (!dir_exists(dir)) fail_at(dir, "folder does not exist");
    const std::string single = join(dir, "model.safetensors");
    if (file_exists(single)) return open_file(single);

    const std::string index_path = join(dir, "model.safetensors.index.json");
    if (!file_exists(index_path)) {
        const auto found = list_safetensors(dir);
        if (found.size() == 1) return open_file(join(dir, found[0]));
        if (found.empty())
            fail_at(dir, "no weights: neither model.safetensors nor model.safetensors.index.json");
        std::string names;
        for (const auto& f : found)
            names += (names.empty() ? "" : ", ") + f;
        fail_at(dir, "several .safetensors files (" + names +
                         ") but no model.safetensors.index.json saying which tensor lives where");
    }

    nlohmann::json index;
    try {
        index = nlohmann::json::parse(read_file(index_path));
    } catch (const nlohmann::json::exception& e) {
        fail_at(index_path, std::string("not valid JSON (") + e.what() + ")");
    }
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        fail_at(index_path, "has no \"weight_map\" object");
    const auto& weight_map = index["weight_map"];
    if (weight_map.empty()) fail_at(index_path, "\"weight_map\" is empty");

    WeightSet set;
    std::map<std::string, size_t> shard_index;  // shard file name -> index into files_
    for (auto it = weight_map.begin(); it != weight_map.end(); ++it) {
        if (!it.value().is_string())
            fail_at(index_path, "weight_map entry '" + it.key() + "' is not a file name string");
        const std::string shard = it.value().get<std::string>();
        if (shard.empty() || shard.find('/') != std::string::npos || shard == "." || shard == "..")
            fail_at(index_path, "weight_map entry '" + it.key() + "' names '" + shard +
                                    "', expected a plain file name in the same folder");
        if (shard_index.count(shard)) continue;
        const std::string shard_path = join(dir, shard);
        if (!file_exists(shard_path))
            fail_at(index_path, "names shard '" + shard + "' (for tensor '" + it.key() +
                                    "'), which is missing from " + dir);
        shard_index[shard] = set.files_.size();
        set.files_.push_back(SafetensorsFile::open(shard_path));
    }
    for (size_t i = 0; i < set.files_.size(); ++i) {
        for (const auto& name : set.files_[i]->names()) {
            const auto [pos, inserted] = set.owner_.emplace(name, i);
            if (!inserted)
                fail_at(dir, "tensor '" + name + "' is stored twice: in " +
                                 set.files_[pos->second]->path() + " and in " +
                                 set.files_[i]->path());
        }
    }
    for (auto it = weight_map.begin(); it != weight_map.end(); ++it) {
        const std::string shard = it.value().get<std::string>();
        const auto& file = set.files_[shard_index.at(shard)];
        if (!file->contains(it.key()))
            fail_at(index_path, "says tensor '" + it.key() + "' is in " + shard + ", but " +
                                    file->path() + " has no such tensor");
    }
    return set;
}

std::vector<std::string> WeightSet::names() const {
    std::vector<std::string> out;
    out.reserve(owner_.size());
    for (const auto& kv : owner_)
        out.push_back(kv.first);
    return out;
}

bool WeightSet::contains(const std::string& name) const {
    return owner_.count(name) != 0;
}

const TensorInfo& WeightSet::info(const std::string& name) const {
    const auto it = owner_.find(name);
    if (it == owner_.end()) {
        const std::string where = files_.size() == 1 ? files_[0]->path() : std::string("weights");
        fail_at(where, "no tensor named '" + name + "'");
    }
    return files_[it->second]->info(name);
}

at::Tensor WeightSet::tensor(const std::string& name) const {
    const TensorInfo& t = info(name);  // throws with a clear message when absent
    return files_[owner_.at(t.name)]->tensor(name);
}

std::pair<const uint8_t*, size_t> WeightSet::bytes(const std::string& name) const {
    const TensorInfo& t = info(name);
    return files_[owner_.at(t.name)]->bytes(name);
}

uint64_t WeightSet::total_bytes() const {
    uint64_t total = 0;
    for (const auto& kv : owner_) {
        const TensorInfo& t = files_[kv.second]->info(kv.first);
        total += t.data_end - t.data_begin;
    }
    return total;
}

}  // namespace bitdelta
