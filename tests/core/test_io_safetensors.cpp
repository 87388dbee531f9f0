// safetensors reading and writing: bit-exact round trips of every common dtype and __metadata__,
// zero-copy tensors over the mapping (and its lifetime), atomic writes that leave the old file
// intact on failure, every malformed header refused with a bitdelta::Error naming the file and the
// fault, a hand-made corpus (tests/data/fuzz/safetensors, ok_* / bad_*), and a seeded mutation
// fuzzer.
#include <ATen/ATen.h>

#include "common/error.h"
#include "io/atomic_file.h"
#include "io/safetensors.h"
#include "tiny_checkpoint.h"

#include "expect_error.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sys/resource.h>

using namespace bitdelta;
using bitdelta::test::expect_error;
using bitdelta::test::TempDir;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(c10::ScalarType)

namespace {

using Tensors = std::vector<std::pair<std::string, at::Tensor>>;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void spit(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// 8-byte little-endian length, header text, data. `length` overrides the length field.
std::string make_file(const std::string& header, const std::string& data = {},
                      std::optional<uint64_t> length = std::nullopt) {
    const uint64_t n = length.value_or(header.size());
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out + header + data;
}

std::string floats(std::initializer_list<float> values) {
    std::string out(values.size() * sizeof(float), '\0');
    std::memcpy(out.data(), values.begin(), out.size());
    return out;
}

uint64_t splitmix64(uint64_t& state) {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// Random bytes of every bit pattern (NaN payloads, infinities, subnormals, -0) so a round trip that
// converts through float anywhere shows up; BOOL gets 0/1 only, its only valid values.
at::Tensor random_tensor(c10::ScalarType type, const std::vector<int64_t>& shape, uint64_t seed) {
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(type));
    auto* p = static_cast<uint8_t*>(t.data_ptr());
    const size_t n = static_cast<size_t>(t.numel()) * t.element_size();
    for (size_t i = 0; i < n; ++i) {
        const auto byte = static_cast<uint8_t>(splitmix64(seed));
        p[i] = type == at::kBool ? (byte & 1) : byte;
    }
    return t;
}

std::string raw_bytes(const at::Tensor& t) {
    const at::Tensor c = t.contiguous();
    return std::string(static_cast<const char*>(c.data_ptr()),
                       static_cast<size_t>(c.numel()) * c.element_size());
}

std::vector<std::string> list_dir(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// Whether [p, p + n) lies inside one mapping of `path` in this process (Linux /proc/self/maps).
// Returns -1 when the maps file cannot be read.
int mapped_from(const void* p, size_t n, const std::string& path) {
    std::ifstream maps("/proc/self/maps");
    if (!maps) return -1;
    const std::string real = fs::canonical(path).string();
    const auto addr = reinterpret_cast<uintptr_t>(p);
    std::string line;
    while (std::getline(maps, line)) {
        if (line.size() < real.size() ||
            line.compare(line.size() - real.size(), real.size(), real) != 0)
            continue;
        uintptr_t lo = 0, hi = 0;
        if (std::sscanf(line.c_str(), "%lx-%lx", &lo, &hi) != 2) continue;
        if (addr >= lo && addr + n <= hi) return 1;
    }
    return 0;
}

bool is_mapped(const std::string& path) {
    std::ifstream maps("/proc/self/maps");
    const std::string real = fs::canonical(path).string();
    std::string line;
    while (std::getline(maps, line))
        if (line.size() >= real.size() &&
            line.compare(line.size() - real.size(), real.size(), real) == 0)
            return true;
    return false;
}

// Opens `path` and reads every tensor, checking what a valid file promises: the element count times
// the element size is the byte span, and the tensor's bytes are the file's bytes. Throws what the
// reader throws; returns a failure text for a broken promise.
QString open_and_read_all(const std::string& path) {
    const auto file = SafetensorsFile::open(path);
    for (const auto& name : file->names()) {
        const TensorInfo& info = file->info(name);
        const auto [ptr, n] = file->bytes(name);
        if (n != info.data_end - info.data_begin)
            return QString::fromStdString("bytes() size of " + name);
        const at::Tensor t = file->tensor(name);
        const size_t expected = static_cast<size_t>(t.numel()) * t.element_size();
        if (expected != n ||
            static_cast<size_t>(t.element_size()) != safetensors_dtype_size(info.dtype))
            return QString::fromStdString("tensor '" + name +
                                          "': shape * element size != byte span");
        if (std::vector<int64_t>(t.sizes().begin(), t.sizes().end()) != info.shape)
            return QString::fromStdString("tensor '" + name + "': shape differs from the header");
        if (n > 0 && std::memcmp(t.data_ptr(), ptr, n) != 0)
            return QString::fromStdString("tensor '" + name + "': bytes differ from the file");
    }
    return {};
}

// A small valid file with several dtypes, a zero-size tensor and metadata: the fuzzer's seed.
std::string seed_file(const std::string& dir) {
    const std::string path = dir + "/seed.safetensors";
    write_safetensors(path,
                      {{"model.embed.weight", random_tensor(at::kHalf, {3, 4}, 1)},
                       {"model.norm.weight", random_tensor(at::kFloat, {4}, 2)},
                       {"step", random_tensor(at::kLong, {}, 3)},
                       {"mask", random_tensor(at::kBool, {5}, 4)},
                       {"empty", random_tensor(at::kFloat, {0, 2}, 5)}},
                      {{"format", "pt"}, {"note", "seed"}});
    return slurp(path);
}

// The header's extent in a file's bytes (clamped: a mutated length may lie).
size_t header_end(const std::string& bytes) {
    if (bytes.size() < 8) return bytes.size();
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | static_cast<uint8_t>(bytes[i]);
    return static_cast<size_t>(std::min<uint64_t>(8 + n, bytes.size()));
}

void set_length(std::string& bytes, uint64_t n) {
    if (bytes.size() < 8) return;
    for (int i = 0; i < 8; ++i)
        bytes[i] = static_cast<char>((n >> (8 * i)) & 0xff);
}

// One random edit; returns what it did (for the failure message).
std::string mutate(std::string& bytes, std::mt19937_64& rng) {
    static const char* const kTokens[] = {
        "\"F16\"",
        "\"BF16\"",
        "\"U16\"",
        "\"F8_E4M3\"",
        "\"XX\"",
        "-1",
        "0",
        "1",
        "8",
        "1e309",
        "4.0",
        "18446744073709551615",
        "18446744073709551616",
        "9223372036854775807",
        "4611686018427387904",
        "null",
        "true",
        "[]",
        "{}",
        "[0,0]",
        "[0]",
        "[1,2,3]",
        "\"__metadata__\"",
        "\"dtype\"",
        "\"shape\"",
        "\"data_offsets\"",
        ",",
        ":",
        "\"",
        "{",
        "}",
        "[",
        "]",
        "\\u0000",
        "\xff",
        "\"\\ud800\"",
    };
    auto below = [&](size_t n) { return n == 0 ? size_t(0) : static_cast<size_t>(rng() % n); };
    const size_t hend = std::max<size_t>(header_end(bytes), 8);
    const int kind = static_cast<int>(rng() % 8);
    char what[160];
    switch (kind) {
        case 0: {  // bit flip anywhere
            if (bytes.empty()) return "noop";
            const size_t at = below(bytes.size());
            const int bit = static_cast<int>(rng() % 8);
            bytes[at] = static_cast<char>(bytes[at] ^ (1 << bit));
            std::snprintf(what, sizeof what, "flip bit %d of byte %zu", bit, at);
            return what;
        }
        case 1: {  // byte overwrite in the header region, often with a JSON-significant character
            if (bytes.size() <= 8) return "noop";
            static const char kChars[] = "{}[]\",:0123456789-.eE ntfu\\";
            const size_t at = 8 + below(std::min(hend, bytes.size()) - 8);
            const char c = rng() % 2 ? kChars[below(sizeof kChars - 1)] : static_cast<char>(rng());
            bytes[at] = c;
            std::snprintf(what, sizeof what, "byte %zu := 0x%02x", at, static_cast<uint8_t>(c));
            return what;
        }
        case 2: {  // truncation
            const size_t len = below(bytes.size() + 1);
            bytes.resize(len);
            std::snprintf(what, sizeof what, "truncate to %zu", len);
            return what;
        }
        case 3: {  // header-length edit
            const uint64_t real = hend - 8;
            const uint64_t choices[] = {0,
                                        1,
                                        2,
                                        real - 1,
                                        real + 1,
                                        real + 8,
                                        real - 8,
                                        bytes.size(),
                                        uint64_t(1) << 63,
                                        ~uint64_t(0),
                                        100ull << 20,
                                        rng() % (2 * real + 16)};
            const uint64_t n = choices[below(sizeof choices / sizeof choices[0])];
            set_length(bytes, n);
            std::snprintf(what, sizeof what, "header length := %llu",
                          static_cast<unsigned long long>(n));
            return what;
        }
        case 4:
        case 5: {  // splice a JSON token over a span of the header, keeping the length field right
            if (hend <= 8) return "noop";
            const size_t at = 8 + below(hend - 8);
            const size_t span = std::min(below(8), hend - at);
            const std::string token = kTokens[below(sizeof kTokens / sizeof kTokens[0])];
            bytes.replace(at, span, token);
            set_length(bytes, hend - 8 - span + token.size());
            std::snprintf(what, sizeof what, "splice '%s' over %zu bytes at %zu", token.c_str(),
                          span, at);
            return what;
        }
        case 6: {  // append or insert random bytes in the data buffer
            const size_t n = 1 + below(8);
            std::string extra;
            for (size_t i = 0; i < n; ++i)
                extra.push_back(static_cast<char>(rng()));
            const size_t at = hend + below(bytes.size() - std::min(hend, bytes.size()) + 1);
            bytes.insert(std::min(at, bytes.size()), extra);
            std::snprintf(what, sizeof what, "insert %zu bytes at %zu", n, at);
            return what;
        }
        default: {  // overwrite data bytes (the file stays valid, exercising the read path)
            if (bytes.size() <= hend) return "noop";
            const size_t at = hend + below(bytes.size() - hend);
            bytes[at] = static_cast<char>(rng());
            std::snprintf(what, sizeof what, "data byte %zu randomised", at);
            return what;
        }
    }
}

}  // namespace

class TestIoSafetensors : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // --- round trips -----------------------------------------------------------------------------

    void round_trip_data() {
        QTest::addColumn<c10::ScalarType>("dtype");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<bool>("transposed");  // write a non-contiguous view
        QTest::newRow("F32 2d") << c10::kFloat << "F32" << QList<qint64>{5, 7} << false;
        QTest::newRow("F32 transposed") << c10::kFloat << "F32" << QList<qint64>{5, 7} << true;
        QTest::newRow("F16 3d") << c10::kHalf << "F16" << QList<qint64>{2, 3, 5} << false;
        QTest::newRow("BF16 2d") << c10::kBFloat16 << "BF16" << QList<qint64>{9, 4} << false;
        QTest::newRow("BF16 transposed") << c10::kBFloat16 << "BF16" << QList<qint64>{3, 6} << true;
        QTest::newRow("I64 1d") << c10::kLong << "I64" << QList<qint64>{11} << false;
        QTest::newRow("I64 scalar") << c10::kLong << "I64" << QList<qint64>{} << false;
        QTest::newRow("I32 2d") << c10::kInt << "I32" << QList<qint64>{4, 4} << false;
        QTest::newRow("I8 odd") << c10::kChar << "I8" << QList<qint64>{13} << false;
        QTest::newRow("U8 2d") << c10::kByte << "U8" << QList<qint64>{3, 7} << false;
        QTest::newRow("BOOL 1d") << c10::kBool << "BOOL" << QList<qint64>{17} << false;
        QTest::newRow("F32 zero-size") << c10::kFloat << "F32" << QList<qint64>{0, 4} << false;
    }
    void round_trip() {
        QFETCH(c10::ScalarType, dtype);
        QFETCH(QString, name);
        QFETCH(QList<qint64>, shape);
        QFETCH(bool, transposed);
        TempDir tmp("st");
        const std::string path = tmp.file("rt.safetensors");
        std::vector<int64_t> dims(shape.begin(), shape.end());
        at::Tensor t = random_tensor(dtype, dims, 42);
        if (transposed) t = t.t();
        // An odd-sized byte tensor next to it puts the interesting one at a non-zero offset.
        const at::Tensor pad = random_tensor(at::kByte, {3}, 7);
        const std::map<std::string, std::string> meta = {{"format", "pt"},
                                                         {"empty", ""},
                                                         {"unicode", "caf\xc3\xa9 \xe2\x9c\x93"},
                                                         {"json", "{\"a\": [1]}"}};
        write_safetensors(path, {{"x", t}, {"pad", pad}}, meta);

        const auto file = SafetensorsFile::open(path);
        QCOMPARE(file->metadata(), meta);
        const TensorInfo& info = file->info("x");
        QCOMPARE(QString::fromStdString(info.dtype), name);
        QCOMPARE(info.shape, std::vector<int64_t>(t.sizes().begin(), t.sizes().end()));
        QCOMPARE(info.data_begin % safetensors_dtype_size(info.dtype), uint64_t(0));  // aligned
        QCOMPARE(info.file, path);
        const at::Tensor back = file->tensor("x");
        QCOMPARE(back.scalar_type(), dtype);
        QCOMPARE(back.sizes(), t.sizes());
        QVERIFY(raw_bytes(back) == raw_bytes(t));  // bit-exact, NaN payloads included
        const auto [ptr, n] = file->bytes("x");
        QCOMPARE(n, raw_bytes(t).size());
        QVERIFY(n == 0 || std::memcmp(ptr, raw_bytes(t).data(), n) == 0);
        QVERIFY(raw_bytes(file->tensor("pad")) == raw_bytes(pad));
        QCOMPARE(open_and_read_all(path), QString());

        // The header is padded so the data buffer starts 8-byte aligned, as the Python library
        // does.
        const std::string bytes = slurp(path);
        QCOMPARE((header_end(bytes) - 8) % 8, size_t(0));
    }

    void layout_matches_python() {
        // Keys sorted, data laid out by element size (largest first) then name; every offset
        // aligned.
        TempDir tmp("st");
        const std::string path = tmp.file("layout.safetensors");
        write_safetensors(path, {{"b8", random_tensor(at::kByte, {3}, 1)},
                                 {"a64", random_tensor(at::kLong, {2}, 2)},
                                 {"c16", random_tensor(at::kHalf, {5}, 3)},
                                 {"a32", random_tensor(at::kFloat, {1}, 4)},
                                 {"z16", random_tensor(at::kBFloat16, {1}, 5)},
                                 {"a8", random_tensor(at::kBool, {2}, 6)}});
        const auto file = SafetensorsFile::open(path);
        const std::vector<std::string> order = {"a64", "a32", "c16", "z16", "a8", "b8"};
        QCOMPARE(file->names(), order);
        for (const auto& name : order)
            QCOMPARE(file->info(name).data_begin % safetensors_dtype_size(file->info(name).dtype),
                     uint64_t(0));
        QVERIFY(file->metadata().empty());
        const std::string bytes = slurp(path);
        QVERIFY(bytes.find("__metadata__") == std::string::npos);  // none written when empty
    }

    // --- zero copy -------------------------------------------------------------------------------

    void zero_copy() {
        TempDir tmp("st");
        const std::string path = tmp.file("zc.safetensors");
        const at::Tensor w = random_tensor(at::kFloat, {64, 32}, 9);
        const at::Tensor h = random_tensor(at::kHalf, {33}, 10);
        write_safetensors(path, {{"w", w}, {"h", h}});
        const std::string before = slurp(path);

        auto file = SafetensorsFile::open(path);
        at::Tensor tw = file->tensor("w");
        const at::Tensor th = file->tensor("h");
        QCOMPARE(static_cast<const void*>(tw.data_ptr()),
                 static_cast<const void*>(file->bytes("w").first));
        QCOMPARE(static_cast<const void*>(th.data_ptr()),
                 static_cast<const void*>(file->bytes("h").first));
        const int inside = mapped_from(tw.data_ptr(), file->bytes("w").second, path);
        if (inside < 0) QSKIP("/proc/self/maps is not readable here");
        QCOMPARE(inside, 1);
        QCOMPARE(mapped_from(th.data_ptr(), file->bytes("h").second, path), 1);

        // The tensor keeps the mapping alive after the file object is gone ...
        file.reset();
        QVERIFY(is_mapped(path));
        QVERIFY(raw_bytes(tw) == raw_bytes(w));  // bytes, not values: random bits include NaNs
        // ... and an in-place op changes this process's private copy only, never the file.
        tw.add_(1.0f);
        QVERIFY(slurp(path) == before);
        tw = at::Tensor();
        QVERIFY(is_mapped(path));  // th still holds it
    }

    void zero_copy_released() {
        TempDir tmp("st");
        const std::string path = tmp.file("rel.safetensors");
        write_safetensors(path, {{"w", random_tensor(at::kFloat, {16}, 1)}});
        {
            at::Tensor t = SafetensorsFile::open(path)->tensor("w");
            if (mapped_from(t.data_ptr(), 64, path) < 0)
                QSKIP("/proc/self/maps is not readable here");
            QVERIFY(is_mapped(path));
        }
        QVERIFY(!is_mapped(path));  // the last tensor released the mapping
    }

    void unaligned_is_copied() {
        // U8 [1] then F32 [4] at offset 1: a misaligned float pointer would be UB, so the reader
        // copies.
        TempDir tmp("st");
        const std::string path = tmp.file("ua.safetensors");
        std::string header = R"({"u":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},)"
                             R"("w":{"dtype":"F32","shape":[4],"data_offsets":[1,17]}})";
        header.append((8 - header.size() % 8) % 8, ' ');  // buffer 8-aligned, so "w" sits at 8k + 1
        spit(path, make_file(header, std::string(1, '\x09') + floats({1.0f, -2.0f, 3.5f, 0.25f})));
        const auto file = SafetensorsFile::open(path);
        const at::Tensor w = file->tensor("w");
        QVERIFY(w.data_ptr() != static_cast<const void*>(file->bytes("w").first));
        QCOMPARE(reinterpret_cast<uintptr_t>(w.data_ptr()) % alignof(float), uintptr_t(0));
        QCOMPARE(w[2].item<float>(), 3.5f);
        QCOMPARE(open_and_read_all(path), QString());
    }

    // --- atomic writes ---------------------------------------------------------------------------

    void atomic_write_refused_data() {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("needle");
        QTest::newRow("duplicate name") << 0 << "given twice";
        QTest::newRow("reserved name") << 1 << "reserved";
        QTest::newRow("empty name") << 2 << "empty name";
        QTest::newRow("dtype without safetensors name") << 3 << "no safetensors equivalent";
        QTest::newRow("undefined tensor") << 4 << "undefined";
    }
    void atomic_write_refused() {
        QFETCH(int, fault);
        QFETCH(QString, needle);
        TempDir tmp("st");
        const std::string path = tmp.file("model.safetensors");
        write_safetensors(path, {{"old", random_tensor(at::kFloat, {8}, 1)}}, {{"v", "1"}});
        const std::string before = slurp(path);

        const at::Tensor good = random_tensor(at::kFloat, {4}, 2);
        Tensors bad;
        switch (fault) {
            case 0:
                bad = {{"a", good}, {"b", good}, {"a", good}};
                break;
            case 1:
                bad = {{"a", good}, {"__metadata__", good}};
                break;
            case 2:
                bad = {{"a", good}, {"", good}};
                break;
            case 3:
                bad = {{"a", good}, {"c", at::zeros({2}, at::kComplexDouble)}};
                break;
            default:
                bad = {{"a", good}, {"u", at::Tensor()}};
                break;
        }
        QCOMPARE(expect_error([&] { write_safetensors(path, bad); },
                              {QString::fromStdString(path), needle}),
                 QString());
        QVERIFY(slurp(path) == before);
        QCOMPARE(list_dir(tmp.path()), std::vector<std::string>{"model.safetensors"});
        QCOMPARE(SafetensorsFile::open(path)->names(), std::vector<std::string>{"old"});
    }

    void atomic_write_disk_full() {
        // A real failure half-way through the data: RLIMIT_FSIZE makes write() fail with EFBIG (as
        // a full disk would), after the temp file has been created and partly written.
        TempDir tmp("st");
        const std::string path = tmp.file("model.safetensors");
        write_safetensors(path, {{"old", random_tensor(at::kFloat, {8}, 1)}});
        const std::string before = slurp(path);

        rlimit saved{};
        QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
        const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = saved;
        limited.rlim_cur = 64 * 1024;
        if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < limited.rlim_cur)
            limited.rlim_cur = saved.rlim_max;
        QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
        const QString result = expect_error(
            [&] {
                write_safetensors(path, {{"big", random_tensor(at::kFloat, {256, 1024}, 2)}});
            },
            {QString::fromStdString(path), "writing failed"});
        ::setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, old_handler);

        QCOMPARE(result, QString());
        QVERIFY(slurp(path) == before);
        QCOMPARE(list_dir(tmp.path()),
                 std::vector<std::string>{"model.safetensors"});  // temp removed
    }

    void atomic_write_rename_fails() {
        // The target is a non-empty folder: the rename at the end fails and the temp file must go.
        TempDir tmp("st");
        const std::string path = tmp.file("model.safetensors");
        fs::create_directories(path + "/inside");
        QCOMPARE(expect_error(
                     [&] {
                         write_safetensors(path, {{"w", random_tensor(at::kFloat, {4}, 1)}});
                     },
                     {QString::fromStdString(path), "cannot move"}),
                 QString());
        QCOMPARE(list_dir(tmp.path()), std::vector<std::string>{"model.safetensors"});
        QVERIFY(fs::is_directory(path + "/inside"));
    }

    void overwrite_replaces_whole_file() {
        TempDir tmp("st");
        const std::string path = tmp.file("model.safetensors");
        write_safetensors(path, {{"old", random_tensor(at::kFloat, {1024}, 1)}}, {{"v", "1"}});
        const auto held = SafetensorsFile::open(path);  // a reader of the old file keeps its bytes
        const at::Tensor old_t = held->tensor("old");
        const std::string old_bytes = raw_bytes(old_t);
        write_safetensors(path, {{"new", random_tensor(at::kHalf, {3}, 2)}});
        const auto file = SafetensorsFile::open(path);
        QCOMPARE(file->names(), std::vector<std::string>{"new"});
        QVERIFY(file->metadata().empty());
        QVERIFY(raw_bytes(old_t) == old_bytes);  // rename, not rewrite in place
        QCOMPARE(list_dir(tmp.path()), std::vector<std::string>{"model.safetensors"});
    }

    // --- malformed input -------------------------------------------------------------------------

    void malformed_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("needles");
        const std::string w16 = floats({1.0f, -2.0f, 3.5f, 0.25f});
        auto row = [](const char* name, const std::string& bytes, const QStringList& needles) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes) << needles;
        };
        auto one = [&](const std::string& entry) {
            return make_file("{\"w\":" + entry + "}", w16);
        };
        row("empty file", "", {"0 bytes", "shorter than the 8-byte"});
        row("shorter than 8 bytes", std::string("\x02\x00\x00", 3),
            {"3 bytes", "shorter than the 8-byte"});
        row("header length past end", make_file("{}", "", 4096),
            {"4096", "past the end of the file"});
        row("header length 2^63", make_file("{}", "", uint64_t(1) << 63),
            {"9223372036854775808", "implausibly large"});
        row("header length 2^64-1", make_file("{}", "", ~uint64_t(0)), {"implausibly large"});
        row("header length zero", make_file("{}", "", 0), {"does not start with '{'"});
        row("header length one", make_file("{}", "", 1), {"does not start with '{'"});
        row("invalid JSON", make_file(R"({"w": {"dtype": "F32", )"), {"not valid JSON"});
        row("trailing garbage after JSON", make_file("{} x"), {"not valid JSON"});
        row("invalid UTF-8 in a name", make_file("{\"\xff\":{}}"), {"not valid JSON"});
        row("JSON array, not an object", make_file("[1,2,3]"), {"does not start with '{'"});
        row("JSON string, not an object", make_file("\"{}\""), {"does not start with '{'"});
        row("entry not an object", one("[1]"), {"'w'", "expected an object"});
        row("missing dtype", one(R"({"shape":[4],"data_offsets":[0,16]})"), {"'w'", "no 'dtype'"});
        row("missing shape", one(R"({"dtype":"F32","data_offsets":[0,16]})"),
            {"'w'", "no 'shape'"});
        row("missing data_offsets", one(R"({"dtype":"F32","shape":[4]})"),
            {"'w'", "no 'data_offsets'"});
        row("dtype not a string", one(R"({"dtype":4,"shape":[4],"data_offsets":[0,16]})"),
            {"'w'", "'dtype' is an integer"});
        row("shape not an array", one(R"({"dtype":"F32","shape":4,"data_offsets":[0,16]})"),
            {"'w'", "'shape' is an integer"});
        row("unknown dtype", one(R"({"dtype":"F33","shape":[4],"data_offsets":[0,16]})"),
            {"'w'", "unknown dtype 'F33'"});
        row("lower-case dtype", one(R"({"dtype":"f32","shape":[4],"data_offsets":[0,16]})"),
            {"'w'", "unknown dtype 'f32'"});
        row("negative shape dim", one(R"({"dtype":"F32","shape":[-4],"data_offsets":[0,16]})"),
            {"'w'", "shape[0] is -4", "non-negative"});
        row("fractional shape dim", one(R"({"dtype":"F32","shape":[2,2.5],"data_offsets":[0,16]})"),
            {"'w'", "shape[1]", "non-negative integer"});
        row("shape dim a string", one(R"({"dtype":"F32","shape":["4"],"data_offsets":[0,16]})"),
            {"'w'", "shape[0] is a string"});
        row("shape/size mismatch", one(R"({"dtype":"F32","shape":[3],"data_offsets":[0,16]})"),
            {"'w'", "holds 16 bytes", "F32", "need 12"});
        row("dtype/size mismatch", one(R"({"dtype":"F16","shape":[4],"data_offsets":[0,16]})"),
            {"'w'", "holds 16 bytes", "need 8"});
        row("shape overflows 2^64",
            one(R"({"dtype":"F32","shape":[4294967296,4294967296,2],"data_offsets":[0,16]})"),
            {"'w'", "more than 2^64"});
        row("shape overflows before a zero dim",
            make_file(
                R"({"w":{"dtype":"F32","shape":[4611686018427387904,8,0],"data_offsets":[0,0]}})"),
            {"'w'", "shape"});
        row("zero dim first, strides overflow",
            make_file(
                R"({"w":{"dtype":"F32","shape":[0,4611686018427387904,8],"data_offsets":[0,0]}})"),
            {"'w'", "shape"});
        row("data_offsets one entry", one(R"({"dtype":"F32","shape":[4],"data_offsets":[16]})"),
            {"'w'", "two integers"});
        row("data_offsets negative", one(R"({"dtype":"F32","shape":[4],"data_offsets":[-16,0]})"),
            {"'w'", "non-negative"});
        row("data_offsets past buffer", one(R"({"dtype":"F32","shape":[8],"data_offsets":[0,32]})"),
            {"'w'", "end 32", "past the data buffer (16 bytes)"});
        row("data_offsets 2^63",
            one(R"({"dtype":"U8","shape":[16],"data_offsets":[9223372036854775807,9223372036854775823]})"),
            {"'w'"});
        row("begin > end", one(R"({"dtype":"F32","shape":[0],"data_offsets":[16,0]})"),
            {"'w'", "begin 16 is after end 0"});
        row("overlapping offsets",
            make_file(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                      R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                      w16),
            {"'b' overlaps tensor 'a'"});
        row("same offsets twice",
            make_file(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                      R"("b":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})",
                      w16),
            {"overlaps"});
        row("hole between tensors",
            make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                      R"("b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}})",
                      w16),
            {"hole of 4 bytes", "'b'"});
        row("hole at the start", one(R"({"dtype":"F32","shape":[3],"data_offsets":[4,16]})"),
            {"hole of 4 bytes", "'w'"});
        row("trailing bytes", one(R"({"dtype":"F32","shape":[3],"data_offsets":[0,12]})"),
            {"4 bytes after the last tensor"});
        row("data but no tensors", make_file("{}", w16), {"16 bytes after the last tensor"});
        row("metadata value a number",
            make_file(
                R"({"__metadata__":{"step":3},"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})",
                w16),
            {"__metadata__ value of 'step'", "expected a string"});
        row("metadata value null", make_file(R"({"__metadata__":{"k":null}})"),
            {"__metadata__ value of 'k'"});
        row("metadata value an object", make_file(R"({"__metadata__":{"k":{"x":"y"}}})"),
            {"__metadata__ value of 'k'"});
        row("metadata not an object", make_file(R"({"__metadata__":["a"]})"),
            {"__metadata__ is", "expected an object of strings"});
        row("duplicate tensor name",
            make_file(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                      R"("w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})",
                      w16),
            {"names 'w' twice"});
        row("empty tensor name",
            make_file(R"({"":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", w16),
            {"empty name"});
    }
    void malformed() {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, needles);
        TempDir tmp("st");
        const std::string path = tmp.file("broken.safetensors");
        spit(path, content.toStdString());
        QStringList all = needles;
        all.prepend(QString::fromStdString(path));
        QCOMPARE(expect_error([&] { SafetensorsFile::open(path); }, all), QString());
        // The parser exposed for fuzzing says the same over a buffer, and WeightSet passes it on.
        QCOMPARE(expect_error(
                     [&] {
                         std::map<std::string, TensorInfo> tensors;
                         std::map<std::string, std::string> metadata;
                         parse_safetensors_header(
                             path, reinterpret_cast<const uint8_t*>(content.constData()),
                             static_cast<size_t>(content.size()), tensors, metadata);
                     },
                     all),
                 QString());
        QCOMPARE(expect_error([&] { WeightSet::open_file(path); }, all), QString());
    }

    void not_a_file() {
        TempDir tmp("st");
        QCOMPARE(expect_error([&] { SafetensorsFile::open(tmp.file("absent.safetensors")); },
                              {"absent.safetensors", "cannot open"}),
                 QString());
        fs::create_directories(tmp.file("folder.safetensors"));
        QCOMPARE(expect_error([&] { SafetensorsFile::open(tmp.file("folder.safetensors")); },
                              {"folder.safetensors", "not a regular file"}),
                 QString());
    }

    void unsupported_dtype_on_read_data() {
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<int>("size");
        QTest::newRow("U16") << "U16" << 2;
        QTest::newRow("U32") << "U32" << 4;
        QTest::newRow("U64") << "U64" << 8;
    }
    void unsupported_dtype_on_read() {
        // The header is valid (the spec has these dtypes), but LibTorch cannot hold them: opening
        // works, reading the tensor is refused naming tensor, dtype and file; its raw bytes stay
        // available.
        QFETCH(QString, dtype);
        QFETCH(int, size);
        TempDir tmp("st");
        const std::string path = tmp.file("u.safetensors");
        const std::string header = "{\"u\":{\"dtype\":\"" + dtype.toStdString() +
                                   "\",\"shape\":[2],\"data_offsets\":[0," +
                                   std::to_string(2 * size) + "]}}";
        spit(path, make_file(header, std::string(2 * size, '\x01')));
        const auto file = SafetensorsFile::open(path);
        QCOMPARE(file->bytes("u").second, size_t(2 * size));
        QCOMPARE(
            expect_error([&] { file->tensor("u"); }, {QString::fromStdString(path), "'u'", dtype}),
            QString());
        QCOMPARE(expect_error([&] { file->info("v"); },
                              {QString::fromStdString(path), "no tensor named 'v'"}),
                 QString());
    }

    // --- corpus and fuzzing ----------------------------------------------------------------------

    void corpus_data() {
        QTest::addColumn<QString>("path");
        const std::string dir = test::test_data_dir() + "/fuzz/safetensors";
        QVERIFY2(fs::is_directory(dir), dir.c_str());
        int ok = 0, bad = 0;
        std::vector<std::string> names = list_dir(dir);
        for (const auto& name : names) {
            if (name.size() < 12 || name.compare(name.size() - 12, 12, ".safetensors") != 0)
                continue;
            ok += name.rfind("ok_", 0) == 0;
            bad += name.rfind("bad_", 0) == 0;
            QTest::newRow(name.c_str()) << QString::fromStdString(dir + "/" + name);
        }
        QVERIFY2(ok >= 3 && bad >= 10,
                 "the corpus lost files: run tests/data/recipes/make_safetensors_corpus.py");
    }
    void corpus() {
        QFETCH(QString, path);
        const std::string p = path.toStdString();
        const std::string name = fs::path(p).filename().string();
        if (name.rfind("ok_", 0) == 0) {
            QString result;
            try {
                result = open_and_read_all(p);
            } catch (const std::exception& e) {
                result = QString("refused: ") + e.what();
            }
            QCOMPARE(result, QString());
        } else {
            QVERIFY2(name.rfind("bad_", 0) == 0, "corpus files are named ok_* or bad_*");
            QCOMPARE(expect_error([&] { open_and_read_all(p); }, {path}), QString());
        }
    }

    void fuzz_mutations() {
        // Seeded, so a failure reproduces: every mutant either opens and reads back consistently,
        // or is refused with a bitdelta::Error naming the file. Never a crash, never another
        // exception.
        TempDir tmp("st");
        std::vector<std::string> seeds = {seed_file(tmp.path())};
        const std::string corpus = test::test_data_dir() + "/fuzz/safetensors";
        if (fs::is_directory(corpus))
            for (const auto& name : list_dir(corpus))
                if (name.rfind("ok_", 0) == 0) seeds.push_back(slurp(corpus + "/" + name));
        QCOMPARE(open_and_read_all(tmp.file("seed.safetensors")), QString());

        const std::string path = tmp.file("mutant.safetensors");
        const QString qpath = QString::fromStdString(path);
        std::mt19937_64 rng(20240229);
        // BITDELTA_FUZZ_ITERATIONS runs a longer campaign by hand; CI keeps the quick default.
        const char* env = std::getenv("BITDELTA_FUZZ_ITERATIONS");
        const int iterations = env && std::atoi(env) > 0 ? std::atoi(env) : 3000;
        int opened = 0, refused = 0;
        for (int i = 0; i < iterations; ++i) {
            std::string bytes = seeds[i % seeds.size()];
            std::string history;
            const int edits = 1 + static_cast<int>(rng() % 3);
            for (int e = 0; e < edits; ++e)
                history += mutate(bytes, rng) + "; ";
            spit(path, bytes);
            const QString context = QString("mutant %1 of seed %2: %3")
                                        .arg(i)
                                        .arg(i % seeds.size())
                                        .arg(QString::fromStdString(history));
            try {
                const QString broken = open_and_read_all(path);
                QVERIFY2(broken.isEmpty(), qPrintable(context + " -> " + broken));
                ++opened;
            } catch (const Error& e) {
                QVERIFY2(QString::fromStdString(e.what()).contains(qpath),
                         qPrintable(context + " -> message without the path: " + e.what()));
                ++refused;
            } catch (const std::exception& e) {
                QFAIL(qPrintable(context + " -> wrong exception type: " + e.what()));
            } catch (...) {
                QFAIL(qPrintable(context + " -> non-std exception"));
            }
        }
        qInfo("fuzz: %d mutants opened, %d refused", opened, refused);
        // Data-region edits keep files valid: the read path is exercised, not only the refusals.
        QVERIFY(opened > iterations / 30);
        QVERIFY(refused > iterations / 3);
    }
};

QTEST_GUILESS_MAIN(TestIoSafetensors)
#include "test_io_safetensors.moc"
