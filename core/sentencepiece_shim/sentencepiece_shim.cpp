// A plain C face over libsentencepiece, built as its own loadable module.
//
// Why a module: Debian's libsentencepiece carries its own copy of protobuf-lite and exports every
// protobuf symbol, while Debian's LibTorch links the full libprotobuf. Linked into one executable,
// the two copies interpose and libprotobuf crashes in its static initialisers before main().
// core/text loads this module with dlopen(RTLD_LOCAL | RTLD_DEEPBIND), so sentencepiece binds to
// its own protobuf and LibTorch's never sees it. Only C types cross the boundary.
#include <sentencepiece_processor.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

void set_error(char* err, size_t err_len, const std::string& message) {
    if (err == nullptr || err_len == 0) return;
    std::strncpy(err, message.c_str(), err_len - 1);
    err[err_len - 1] = '\0';
}

sentencepiece::SentencePieceProcessor* as_sp(void* handle) {
    return static_cast<sentencepiece::SentencePieceProcessor*>(handle);
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) int bdspm_abi_version() {
    return 1;
}

__attribute__((visibility("default"))) void* bdspm_load(const char* path, char* err,
                                                        size_t err_len) {
    try {
        auto* sp = new sentencepiece::SentencePieceProcessor();
        const auto status = sp->Load(path);
        if (!status.ok()) {
            set_error(err, err_len, status.ToString());
            delete sp;
            return nullptr;
        }
        return sp;
    } catch (const std::exception& e) {
        set_error(err, err_len, e.what());
        return nullptr;
    }
}

__attribute__((visibility("default"))) void bdspm_free(void* handle) {
    delete as_sp(handle);
}

__attribute__((visibility("default"))) int bdspm_piece_size(void* handle) {
    return as_sp(handle)->GetPieceSize();
}
__attribute__((visibility("default"))) int bdspm_is_control(void* handle, int id) {
    return as_sp(handle)->IsControl(id) ? 1 : 0;
}
__attribute__((visibility("default"))) int bdspm_is_unknown(void* handle, int id) {
    return as_sp(handle)->IsUnknown(id) ? 1 : 0;
}
__attribute__((visibility("default"))) int bdspm_special_id(void* handle, int which) {
    switch (which) {
        case 0:
            return as_sp(handle)->unk_id();
        case 1:
            return as_sp(handle)->bos_id();
        case 2:
            return as_sp(handle)->eos_id();
        default:
            return as_sp(handle)->pad_id();
    }
}
// The piece's bytes stay valid while the handle lives (sentencepiece returns a reference).
__attribute__((visibility("default"))) const char* bdspm_id_to_piece(void* handle, int id,
                                                                     size_t* len) {
    const std::string& piece = as_sp(handle)->IdToPiece(id);
    *len = piece.size();
    return piece.data();
}
__attribute__((visibility("default"))) int bdspm_piece_to_id(void* handle, const char* piece,
                                                             size_t len) {
    return as_sp(handle)->PieceToId(std::string(piece, len));
}

// Writes a malloc'd array to *ids (free with bdspm_release); returns 0, or -1 with `err` set.
__attribute__((visibility("default"))) int bdspm_encode(void* handle, const char* text, size_t len,
                                                        int** ids, size_t* count, char* err,
                                                        size_t err_len) {
    try {
        std::vector<int> out;
        const auto status = as_sp(handle)->Encode(std::string(text, len), &out);
        if (!status.ok()) {
            set_error(err, err_len, status.ToString());
            return -1;
        }
        *count = out.size();
        *ids = static_cast<int*>(std::malloc(sizeof(int) * (out.empty() ? 1 : out.size())));
        if (*ids == nullptr) {
            set_error(err, err_len, "out of memory");
            return -1;
        }
        if (!out.empty()) std::memcpy(*ids, out.data(), sizeof(int) * out.size());
        return 0;
    } catch (const std::exception& e) {
        set_error(err, err_len, e.what());
        return -1;
    }
}

// Writes a malloc'd UTF-8 buffer to *text (free with bdspm_release); returns 0, or -1 with `err`.
__attribute__((visibility("default"))) int bdspm_decode(void* handle, const int* ids, size_t count,
                                                        char** text, size_t* len, char* err,
                                                        size_t err_len) {
    try {
        std::string out;
        const auto status = as_sp(handle)->Decode(std::vector<int>(ids, ids + count), &out);
        if (!status.ok()) {
            set_error(err, err_len, status.ToString());
            return -1;
        }
        *len = out.size();
        *text = static_cast<char*>(std::malloc(out.size() + 1));
        if (*text == nullptr) {
            set_error(err, err_len, "out of memory");
            return -1;
        }
        std::memcpy(*text, out.c_str(), out.size() + 1);
        return 0;
    } catch (const std::exception& e) {
        set_error(err, err_len, e.what());
        return -1;
    }
}

__attribute__((visibility("default"))) void bdspm_release(void* buffer) {
    std::free(buffer);
}

}  // extern "C"
