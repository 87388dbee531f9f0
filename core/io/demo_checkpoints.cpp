#include "io/demo_checkpoints.h"

#include "common/error.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <dirent.h>

namespace bitdelta {
namespace {

bool is_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string executable_dir() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0) return ".";
    const std::string exe(buf, static_cast<size_t>(n));
    return exe.substr(0, exe.find_last_of('/'));
}

DemoCheckpoints scan(const std::string& root) {
    DemoCheckpoints demo;
    demo.root = root;
    DIR* dir = ::opendir(root.c_str());
    if (dir == nullptr) return demo;
    std::vector<std::string> names;
    while (const dirent* e = ::readdir(dir)) {
        const std::string name = e->d_name;
        if (name != "." && name != ".." && is_file(root + "/" + name + "/config.json"))
            names.push_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
        std::string lower = name;
        for (char& c : lower)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (demo.base.empty() && lower.find("base") != std::string::npos)
            demo.base = root + "/" + name;
        else
            demo.finetunes.push_back(root + "/" + name);
    }
    return demo;
}

}  // namespace

static std::vector<std::string> demo_roots() {
    std::vector<std::string> roots;
    if (const char* env = std::getenv("BITDELTA_DEMO_DIR"); env && *env) roots.push_back(env);
    roots.push_back(executable_dir() + "/../share/bitdelta-studio/demo");
    roots.push_back(BITDELTA_INSTALL_DEMO_DIR);
    roots.push_back(std::string(BITDELTA_SOURCE_DIR) + "/resources/demo");
    return roots;
}

DemoCheckpoints find_demo_checkpoints() {
    for (const auto& root : demo_roots()) {
        DemoCheckpoints demo = scan(root);
        if (demo.valid()) return demo;
    }
    return {};
}

DemoCheckpoints require_demo_checkpoints() {
    DemoCheckpoints demo = find_demo_checkpoints();
    if (demo.valid()) return demo;
    std::string tried;
    for (const auto& root : demo_roots())
        tried += "\n  " + root;
    throw Error("the bundled demo checkpoints were not found; looked in:" + tried +
                "\n  (set BITDELTA_DEMO_DIR, or name the checkpoint folders)");
}

}  // namespace bitdelta
