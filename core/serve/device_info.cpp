// Device facts for memory accounting and the KV budget. The CUDA driver library is reached through
// dlopen (it is already loaded by LibTorch when CUDA is in use), so this builds against a CPU-only
// LibTorch too.
#include "serve/engine_impl.h"

#include <ATen/ATen.h>

#include <dlfcn.h>
#include <unistd.h>

namespace bitdelta {
namespace {

void* cuda_driver() {
    static void* handle = [] {
        void* h = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_NOLOAD);
        return h;
    }();
    return handle;
}

}  // namespace

int64_t tensor_bytes(const at::Tensor& t) {
    return t.defined() ? static_cast<int64_t>(t.numel()) * static_cast<int64_t>(t.element_size())
                       : 0;
}

std::pair<int64_t, int64_t> cuda_memory_info(int device_index) {
    (void)device_index;  // the current context is the device the engine uses
    void* h = cuda_driver();
    if (!h) return {0, 0};
    using MemGetInfo = int (*)(size_t*, size_t*);
    auto fn = reinterpret_cast<MemGetInfo>(dlsym(h, "cuMemGetInfo_v2"));
    if (!fn) return {0, 0};
    size_t free_b = 0, total_b = 0;
    if (fn(&free_b, &total_b) != 0) return {0, 0};
    return {static_cast<int64_t>(free_b), static_cast<int64_t>(total_b)};
}

std::string cuda_device_name(int device_index) {
    void* h = cuda_driver();
    if (h) {
        using GetName = int (*)(char*, int, int);
        auto fn = reinterpret_cast<GetName>(dlsym(h, "cuDeviceGetName"));
        char name[256] = {0};
        if (fn && fn(name, sizeof(name) - 1, device_index) == 0) return name;
    }
    return "CUDA device " + std::to_string(device_index);
}

int64_t host_memory_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? static_cast<int64_t>(pages) * page : 0;
}

}  // namespace bitdelta
