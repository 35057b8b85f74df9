// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/quant/types.h"

#include <cstdint>
#include <span>
#include <string>

namespace hearth::vk {

class Kernels;
struct KernelConfig;

/// The outcome of selfTest(): empty `failure` when every kernel agreed with the CPU.
struct SelfTestResult {
    std::string failure; ///< "matmul_rows_q4_0 (4 tokens): row 3 is 12.5, the CPU says 0.25"
    explicit operator bool() const { return failure.empty(); }
};

/// How a decode kernel's arithmetic departs from float32 (see usesHalfDequant, usesIntegerDot).
enum class MatvecPrecision { Float, HalfDequant, IntegerDot };

/// The precision of the matrix product of `tokens` tokens with weights of `type` under `config`
/// (the matvec below config.matmulMinTokens tokens, else the matmul, which has no 8-bit path).
MatvecPrecision productPrecision(const KernelConfig& config, TensorType type, uint32_t tokens);

/// The error beyond float32 rounding that a matvec computing w·x with `precision` may make:
/// half-precision dequantization rounds each weight's terms (at most a few halves' eps of the
/// row's largest weight), 8-bit activations round each value by up to half a step of its block
/// of 32 (max|x| / 127 per step). Zero for Float.
double matvecExtraError(MatvecPrecision precision, std::span<const float> w,
                        std::span<const float> x);

/// Runs the matrix kernels `kernels` would use for each weight type in `types` — decode (one
/// token) and prefill (a batch) — and the attention of a short prompt, on tiny seeded inputs,
/// and compares them with the CPU reference. Some drivers compute wrong results in some shader variants; a backend that fails
/// this falls back to safer variants. With the environment variable
/// HEARTH_VK_FAULT=wrong-results, a kernels object that is not the portable configuration reports
/// a wrong result (tests use it to exercise the fallback). Throws hearth::Error only when the
/// device fails (e.g. it is lost).
SelfTestResult selfTest(Kernels& kernels, std::span<const TensorType> types);

} // namespace hearth::vk
