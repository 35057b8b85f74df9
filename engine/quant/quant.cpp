// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/quant/quant.h"

#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/quant/blocks.h"
#include "engine/quant/simd.h"

#include <cmath>
#include <cstring>
#include <string>

namespace hearth::quant {
namespace {

bool isSupported(TensorType t) {
    switch (t) {
    case TensorType::F32:
    case TensorType::F16:
    case TensorType::BF16:
    case TensorType::Q8_0:
    case TensorType::Q4_0:
    case TensorType::Q4_1:
    case TensorType::Q5_0:
    case TensorType::Q5_1:
    case TensorType::Q4_K:
    case TensorType::Q5_K:
    case TensorType::Q6_K:
        return true;
    default:
        return false;
    }
}

/// Checks the type and the element count; returns the number of blocks.
std::size_t checkedBlocks(TensorType t, std::size_t n, const char* operation) {
    if (!isSupported(t)) {
        throw Error(std::string("cannot ") + operation + " tensor type " +
                    std::string(typeName(t)) + " (unsupported)");
    }
    const TypeTraits traits = typeTraits(t);
    if (n % traits.blockSize != 0) {
        throw Error(std::string("cannot ") + operation + " " + std::to_string(n) + " " +
                    std::string(traits.name) + " values: not a whole number of " +
                    std::to_string(traits.blockSize) + "-value blocks");
    }
    return n / traits.blockSize;
}

} // namespace

bool canDequantize(TensorType t) {
    return isSupported(t);
}

bool canQuantize(TensorType t) {
    return isSupported(t);
}

void requireSupported(const gguf::TensorInfo& tensor) {
    if (!isSupported(tensor.type)) {
        throw Error("unsupported tensor type " + std::string(typeName(tensor.type)) +
                    " in tensor " + tensor.name);
    }
}

void dequantize(TensorType t, const void* src, float* dst, std::size_t n) {
    const std::size_t blocks = checkedBlocks(t, n, "dequantize");
    const auto* x = static_cast<const uint8_t*>(src);
    using namespace detail;
    switch (t) {
    case TensorType::F32:
        std::memcpy(dst, x, n * sizeof(float));
        return;
    case TensorType::F16: {
        std::size_t i = 0;
        for (; i + simd::kWidth <= n; i += simd::kWidth) {
            const simd::F8 v = simd::fromHalves(x + 2 * i);
            std::memcpy(dst + i, &v, sizeof v);
        }
        for (; i < n; ++i) {
            dst[i] = fp16ToFp32(loadU16(x + 2 * i));
        }
        return;
    }
    case TensorType::BF16:
        for (std::size_t i = 0; i < n; ++i) {
            dst[i] = bf16ToFp32(loadU16(x + 2 * i));
        }
        return;
    case TensorType::Q4_0:
        return dequantizeQ4_0(x, dst, blocks);
    case TensorType::Q4_1:
        return dequantizeQ4_1(x, dst, blocks);
    case TensorType::Q5_0:
        return dequantizeQ5_0(x, dst, blocks);
    case TensorType::Q5_1:
        return dequantizeQ5_1(x, dst, blocks);
    case TensorType::Q8_0:
        return dequantizeQ8_0(x, dst, blocks);
    case TensorType::Q4_K:
        return dequantizeQ4_K(x, dst, blocks);
    case TensorType::Q5_K:
        return dequantizeQ5_K(x, dst, blocks);
    case TensorType::Q6_K:
        return dequantizeQ6_K(x, dst, blocks);
    default:
        return;
    }
}

void quantize(TensorType t, const float* src, void* dst, std::size_t n) {
    const std::size_t blocks = checkedBlocks(t, n, "quantize");
    auto* y = static_cast<uint8_t*>(dst);
    using namespace detail;
    if (t != TensorType::F32 && t != TensorType::F16 && t != TensorType::BF16) {
        // Block formats derive a shared scale from their values; one NaN or infinity would
        // poison the whole block.
        for (std::size_t i = 0; i < n; ++i) {
            if (!std::isfinite(src[i])) {
                throw Error("cannot quantize to " + std::string(typeName(t)) +
                            ": the values contain NaN or infinity");
            }
        }
    }
    switch (t) {
    case TensorType::F32:
        std::memcpy(y, src, n * sizeof(float));
        return;
    case TensorType::F16:
        for (std::size_t i = 0; i < n; ++i) {
            storeU16(y + 2 * i, fp32ToFp16(src[i]));
        }
        return;
    case TensorType::BF16:
        for (std::size_t i = 0; i < n; ++i) {
            storeU16(y + 2 * i, fp32ToBf16(src[i]));
        }
        return;
    case TensorType::Q4_0:
        return quantizeQ4_0(src, y, blocks);
    case TensorType::Q4_1:
        return quantizeQ4_1(src, y, blocks);
    case TensorType::Q5_0:
        return quantizeQ5_0(src, y, blocks);
    case TensorType::Q5_1:
        return quantizeQ5_1(src, y, blocks);
    case TensorType::Q8_0:
        return quantizeQ8_0(src, y, blocks);
    case TensorType::Q4_K:
        return quantizeQ4_K(src, y, blocks);
    case TensorType::Q5_K:
        return quantizeQ5_K(src, y, blocks);
    case TensorType::Q6_K:
        return quantizeQ6_K(src, y, blocks);
    default:
        return;
    }
}

float dotRow(TensorType t, const void* row, const float* x, std::size_t n) {
    return detail::dotRowImpl(t, static_cast<const uint8_t*>(row), x, n);
}

namespace detail {

[[noreturn]] void badDotRow(TensorType t, std::size_t n) {
    checkedBlocks(t, n, "compute with");
    throw Error("cannot compute with tensor type " + std::string(typeName(t)));
}

} // namespace detail

} // namespace hearth::quant
