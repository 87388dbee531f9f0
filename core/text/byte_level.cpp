#include "core/text/byte_level.h"

#include <array>
#include <unordered_map>

#include "core/text/text_util.h"

namespace bitdelta::text {
namespace {

struct Tables {
    std::array<uint32_t, 256> to_cp{};
    std::unordered_map<uint32_t, int> to_byte;
    std::array<std::string, 256> encoded;
    Tables() {
        // Printable ASCII and Latin-1 ranges keep their code point; the rest go to 256 + n (GPT-2).
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const bool keep =
                (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            to_cp[b] = keep ? static_cast<uint32_t>(b) : static_cast<uint32_t>(256 + n++);
            to_byte[to_cp[b]] = b;
            utf8_append(encoded[b], to_cp[b]);
        }
    }
};

const Tables& tables() {
    static const Tables t;
    return t;
}

}  // namespace

std::string byte_level_encode(const std::string& bytes) {
    const Tables& t = tables();
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes)
        out += t.encoded[b];
    return out;
}

int byte_level_byte(uint32_t cp) {
    const Tables& t = tables();
    auto it = t.to_byte.find(cp);
    return it == t.to_byte.end() ? -1 : it->second;
}

}  // namespace bitdelta::text
