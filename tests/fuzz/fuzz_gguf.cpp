// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the GGUF reader: parses the input, reads every metadata value and tensor
// through the public API, summarises the model, plans its quantization, and dequantizes (and
// dots) the first rows of every tensor Hearth can compute with. A hearth::Error is the expected
// answer to bad input; anything else (a crash, a sanitizer report, another exception) is a bug.

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/modelinfo.h"
#include "engine/quant/quant.h"
#include "engine/quant/quantizer.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace {

/// Values dequantized per tensor at most (a whole number of blocks of any type).
constexpr uint64_t kMaxValues = 1024;

void touchValue(const hearth::gguf::Value& v) {
    (void)v.describe();
    (void)v.asInt();
    (void)v.asUInt();
    (void)v.asFloat();
    (void)v.asBool();
    for (const hearth::gguf::Value& item : v.items()) {
        touchValue(item);
    }
}

void touchTensors(const hearth::gguf::File& f) {
    std::vector<float> values;
    std::vector<float> ones(kMaxValues, 1.0f);
    for (const hearth::gguf::TensorInfo& t : f.tensors()) {
        (void)t.shapeString();
        const std::span<const uint8_t> data = f.tensorData(t);
        if (data.size() != t.bytes || !hearth::quant::canDequantize(t.type)) {
            continue;
        }
        const uint32_t block = hearth::typeTraits(t.type).blockSize;
        const uint64_t n = std::min<uint64_t>(t.ne[0], kMaxValues) / block * block;
        if (n == 0) {
            continue;
        }
        values.resize(n);
        hearth::quant::dequantize(t.type, data.data(), values.data(), n);
        (void)hearth::quant::dotRow(t.type, data.data(), ones.data(), n);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    try {
        const auto f = hearth::gguf::File::fromMemory({data, size}, "fuzz.gguf");
        for (const auto& [key, value] : f->metadata()) {
            touchValue(value);
            (void)f->find(key);
        }
        (void)f->architecture();
        touchTensors(*f);
        (void)hearth::gguf::describeModel(*f);
        for (const auto target :
             {hearth::quant::FileType::MostlyQ4_K_M, hearth::quant::FileType::MostlyQ8_0}) {
            try {
                (void)hearth::quant::planQuantization(*f, target);
            } catch (const hearth::Error&) {
                // A quantized input cannot be requantized; that is an answer, not a bug.
            }
        }
    } catch (const hearth::Error&) {
        // Malformed input, reported as it should be.
    }
    return 0;
}
