// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The weight formats Hearth computes with: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K,
// Q5_K and Q6_K, laid out exactly as GGUF stores them (see ../shared/docs/ENGINE.md §2).
// Dequantization is exact; quantization produces the same bytes as the reference GGUF
// quantizers (no importance matrix), so files written by Hearth and by other GGUF runtimes are
// interchangeable.

#include "engine/quant/half.h"
#include "engine/quant/types.h"

#include <cstddef>
#include <cstdint>

namespace hearth::gguf {
struct TensorInfo;
}

namespace hearth::quant {

/// Whether dequantize()/dotRow() handle `t`.
bool canDequantize(TensorType t);
/// Whether quantize() produces `t`.
bool canQuantize(TensorType t);

/// Throws hearth::Error("unsupported tensor type IQ2_XS in tensor <name>") when Hearth cannot
/// compute with the tensor's type. Model loaders call it for every weight.
void requireSupported(const gguf::TensorInfo& tensor);

/// Turns `n` stored values into floats. `n` must be a multiple of the block size and `src` holds
/// rowBytes(t, n) bytes (any alignment). Throws hearth::Error for unsupported types or sizes.
void dequantize(TensorType t, const void* src, float* dst, std::size_t n);

/// Quantizes `n` floats into rowBytes(t, n) bytes at `dst` (any alignment), byte-identical to
/// the reference GGUF quantizers (ggml's quantize_row_*_ref, no importance matrix). `n` must be
/// a multiple of the block size. Throws hearth::Error for unsupported types or sizes.
void quantize(TensorType t, const float* src, void* dst, std::size_t n);

/// dot(dequantize(row), x) over `n` elements in float32, without materialising the row. This is
/// the CPU engine's inner loop; it picks an AVX2/FMA version at run time where the CPU has one.
/// The result equals the dot product of the dequantized row within float rounding.
float dotRow(TensorType t, const void* row, const float* x, std::size_t n);

} // namespace hearth::quant
