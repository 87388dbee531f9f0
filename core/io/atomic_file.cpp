#include "io/atomic_file.h"

#include "common/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace bitdelta {
namespace {

std::string errno_text() {
    return std::strerror(errno);
}

std::string parent_dir(const std::string& path) {
    const auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// A rename is only durable once the folder entry itself is on disk.
void fsync_dir(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // some filesystems do not allow opening folders; the data is synced anyway
    ::fsync(fd);
    ::close(fd);
}

// mkstemp in the target's folder, so the final rename never crosses filesystems.
std::string make_temp_path(const std::string& path) {
    const auto slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string pattern = dir + "." + base + ".tmp-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemp(buffer.data());
    if (fd < 0) fail_at(path, "cannot create a temporary file next to it: " + errno_text());
    ::fchmod(fd, 0644);
    ::close(fd);
    return std::string(buffer.data());
}

void fsync_path(const std::string& tmp, const std::string& target) {
    const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail_at(target, "cannot reopen the temporary file to flush it: " + errno_text());
    const int rc = ::fsync(fd);
    const int saved = errno;
    ::close(fd);
    if (rc != 0) fail_at(target, std::string("flushing to disk failed: ") + std::strerror(saved));
}

}  // namespace

void write_atomic_with(const std::string& path,
                       const std::function<void(const std::string& tmp)>& writer) {
    if (path.empty()) fail_at("", "cannot write a file with an empty path");
    const std::string tmp = make_temp_path(path);
    try {
        writer(tmp);
        fsync_path(tmp, path);
        if (::rename(tmp.c_str(), path.c_str()) != 0)
            fail_at(path, "cannot move the finished temporary file into place: " + errno_text());
    } catch (...) {
        ::unlink(tmp.c_str());
        throw;
    }
    fsync_dir(parent_dir(path));
}

void write_file_atomic(const std::string& path, const std::string& content) {
    write_atomic_with(path, [&](const std::string& tmp) {
        FILE* f = std::fopen(tmp.c_str(), "wb");
        if (!f) fail_at(path, "cannot open the temporary file for writing: " + errno_text());
        const size_t written =
            content.empty() ? 0 : std::fwrite(content.data(), 1, content.size(), f);
        const bool ok = written == content.size();
        const int saved = errno;
        if (std::fclose(f) != 0 || !ok)
            fail_at(path, std::string("writing failed (disk full?): ") +
                              std::strerror(ok ? errno : saved));
    });
}

std::string read_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) fail_at(path, "cannot read the file: " + errno_text());
    if (S_ISDIR(st.st_mode)) fail_at(path, "is a folder, expected a file");
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) fail_at(path, "cannot open the file: " + errno_text());
    std::string content;
    char buffer[1 << 16];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
        content.append(buffer, n);
    const bool error = std::ferror(f) != 0;
    std::fclose(f);
    if (error) fail_at(path, "reading the file failed");
    return content;
}

}  // namespace bitdelta
