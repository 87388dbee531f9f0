#include "core/text/sentencepiece_runtime.h"

#include "core/common/error.h"
#include "core/text/text_util.h"

#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <mutex>

namespace bitdelta::text {
namespace {

struct ShimApi {
    std::string path;
    int (*abi_version)();
    void* (*load)(const char*, char*, size_t);
    void (*free_model)(void*);
    int (*piece_size)(void*);
    int (*is_control)(void*, int);
    int (*is_unknown)(void*, int);
    int (*special_id)(void*, int);
    const char* (*id_to_piece)(void*, int, size_t*);
    int (*piece_to_id)(void*, const char*, size_t);
    int (*encode)(void*, const char*, size_t, int**, size_t*, char*, size_t);
    int (*decode)(void*, const int*, size_t, char**, size_t*, char*, size_t);
    void (*release)(void*);
};

constexpr const char* kShimName = "libbitdelta_sentencepiece.so";

std::string executable_dir() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0) return {};
    std::string exe(buf, static_cast<size_t>(n));
    return exe.substr(0, exe.find_last_of('/'));
}

// Candidates, most specific first: an explicit override, the build tree, the installed prefix and
// the prefix relative to the running executable (a relocated install, e.g. an unpacked .deb).
std::vector<std::string> shim_candidates() {
    std::vector<std::string> out;
    if (const char* env = std::getenv("BITDELTA_SENTENCEPIECE_SHIM"); env && *env)
        out.push_back(env);
#ifdef BITDELTA_SPM_SHIM_BUILD_PATH
    out.push_back(BITDELTA_SPM_SHIM_BUILD_PATH);
#endif
#ifdef BITDELTA_SPM_SHIM_INSTALL_PATH
    out.push_back(BITDELTA_SPM_SHIM_INSTALL_PATH);
#endif
    const std::string exe_dir = executable_dir();
    if (!exe_dir.empty()) {
        out.push_back(exe_dir + "/" + kShimName);
        out.push_back(exe_dir + "/../lib/bitdelta/modules/" + kShimName);
        out.push_back(exe_dir + "/../lib/x86_64-linux-gnu/bitdelta/modules/" + kShimName);
    }
    return out;
}

template <typename F>
void bind(void* lib, const char* name, F& fn, const std::string& path) {
    fn = reinterpret_cast<F>(::dlsym(lib, name));
    if (fn == nullptr) throw Error(path + ": sentencepiece runtime lacks symbol " + name);
}

const ShimApi& shim() {
    static std::once_flag once;
    static ShimApi api{};
    static std::string failure;
    std::call_once(once, [] {
        std::string tried;
        for (const std::string& path : shim_candidates()) {
            if (::access(path.c_str(), R_OK) != 0) {
                tried += "\n  " + path + " (absent)";
                continue;
            }
            // LOCAL + DEEPBIND: sentencepiece's bundled protobuf stays private to the module.
            void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
            if (lib == nullptr) {
                const char* why = ::dlerror();
                tried += "\n  " + path + " (" + (why ? why : "dlopen failed") + ")";
                continue;
            }
            try {
                bind(lib, "bdspm_abi_version", api.abi_version, path);
                bind(lib, "bdspm_load", api.load, path);
                bind(lib, "bdspm_free", api.free_model, path);
                bind(lib, "bdspm_piece_size", api.piece_size, path);
                bind(lib, "bdspm_is_control", api.is_control, path);
                bind(lib, "bdspm_is_unknown", api.is_unknown, path);
                bind(lib, "bdspm_special_id", api.special_id, path);
                bind(lib, "bdspm_id_to_piece", api.id_to_piece, path);
                bind(lib, "bdspm_piece_to_id", api.piece_to_id, path);
                bind(lib, "bdspm_encode", api.encode, path);
                bind(lib, "bdspm_decode", api.decode, path);
                bind(lib, "bdspm_release", api.release, path);
                if (api.abi_version() != 1)
                    throw Error(path + ": unexpected sentencepiece shim version");
            } catch (const Error& e) {
                tried += std::string("\n  ") + e.what();
                api = ShimApi{};
                continue;
            }
            api.path = path;
            return;
        }
        failure = "the sentencepiece runtime (" + std::string(kShimName) +
                  ") was not found; tried:" + tried +
                  "\n  set BITDELTA_SENTENCEPIECE_SHIM to its path";
    });
    if (api.load == nullptr) throw Error(failure);
    return api;
}

}  // namespace

std::string sentencepiece_runtime_path() {
    return shim().path;
}

SentencePieceModel::SentencePieceModel(const std::string& model_path) : path_(model_path) {
    const ShimApi* api = nullptr;
    try {
        api = &shim();
    } catch (const Error& e) {
        fail_at(model_path, e.what());
    }
    char err[512] = {0};
    handle_ = api->load(model_path.c_str(), err, sizeof(err));
    if (handle_ == nullptr)
        fail_at(model_path, std::string("cannot load sentencepiece model: ") + err);
}

SentencePieceModel::~SentencePieceModel() {
    if (handle_ != nullptr) shim().free_model(handle_);
}

int SentencePieceModel::piece_size() const {
    return shim().piece_size(handle_);
}
bool SentencePieceModel::is_control(int id) const {
    return shim().is_control(handle_, id) != 0;
}
bool SentencePieceModel::is_unknown(int id) const {
    return shim().is_unknown(handle_, id) != 0;
}
int SentencePieceModel::unk_id() const {
    return shim().special_id(handle_, 0);
}
int SentencePieceModel::bos_id() const {
    return shim().special_id(handle_, 1);
}
int SentencePieceModel::eos_id() const {
    return shim().special_id(handle_, 2);
}

std::string SentencePieceModel::id_to_piece(int id) const {
    size_t len = 0;
    const char* p = shim().id_to_piece(handle_, id, &len);
    return std::string(p, len);
}

int SentencePieceModel::piece_to_id(const std::string& piece) const {
    return shim().piece_to_id(handle_, piece.data(), piece.size());
}

std::vector<int> SentencePieceModel::encode(const std::string& text) const {
    int* ids = nullptr;
    size_t count = 0;
    char err[512] = {0};
    if (shim().encode(handle_, text.data(), text.size(), &ids, &count, err, sizeof(err)) != 0)
        fail_at(path_, std::string("sentencepiece encode failed: ") + err);
    std::vector<int> out(ids, ids + count);
    shim().release(ids);
    return out;
}

std::string SentencePieceModel::decode(const std::vector<int>& ids) const {
    char* text = nullptr;
    size_t len = 0;
    char err[512] = {0};
    if (shim().decode(handle_, ids.data(), ids.size(), &text, &len, err, sizeof(err)) != 0)
        fail_at(path_, std::string("sentencepiece decode failed: ") + err);
    std::string out(text, len);
    shim().release(text);
    return out;
}

}  // namespace bitdelta::text
