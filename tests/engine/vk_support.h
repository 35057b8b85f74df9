// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Helpers shared by the Vulkan tests (tests/engine/test_vk_*.cpp): the device, seeded random
// data, weights quantized by the CPU reference, buffers in and out.

#include "engine/quant/quant.h"
#include "engine/vulkan/buffer.h"
#include "engine/vulkan/device.h"
#include "engine/vulkan/instance.h"

#include <cstdint>
#include <memory>
#include <random>
#include <vector>

namespace hearth::vktest {

/// The Vulkan device the tests run on (lavapipe in CI). A missing device is a failure, never a
/// skip: CI always has one.
struct Gpu {
    std::unique_ptr<vk::Instance> instance = std::make_unique<vk::Instance>();
    std::unique_ptr<vk::Device> device =
        std::make_unique<vk::Device>(*instance, instance->chooseDevice());
};

/// Seeded uniform values in [-scale, scale].
inline std::vector<float> randomFloats(std::size_t n, uint32_t seed, float scale = 1.0f) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(-scale, scale);
    std::vector<float> v(n);
    for (float& x : v) {
        x = dist(rng);
    }
    return v;
}

/// `rows` x `cols` seeded random weights stored as `type` by the CPU quantizer.
inline std::vector<uint8_t> randomWeights(TensorType type, uint64_t rows, uint64_t cols,
                                          uint32_t seed) {
    const std::vector<float> values = randomFloats(rows * cols, seed);
    const uint64_t rowBytes = *hearth::rowBytes(type, cols);
    std::vector<uint8_t> bytes(rows * rowBytes);
    for (uint64_t r = 0; r < rows; ++r) {
        quant::quantize(type, values.data() + r * cols, bytes.data() + r * rowBytes, cols);
    }
    return bytes;
}

/// The CPU reference's dequantization of `rows` rows.
inline std::vector<float> dequantizeRows(TensorType type, const std::vector<uint8_t>& bytes,
                                         uint64_t rows, uint64_t cols) {
    std::vector<float> out(rows * cols);
    const uint64_t rowBytes = *hearth::rowBytes(type, cols);
    for (uint64_t r = 0; r < rows; ++r) {
        quant::dequantize(type, bytes.data() + r * rowBytes, out.data() + r * cols, cols);
    }
    return out;
}

/// A device buffer holding `values`.
inline vk::Buffer floatBuffer(vk::Device& device, const std::vector<float>& values) {
    vk::Buffer b(device, values.size() * sizeof(float), vk::MemoryKind::DeviceLocal);
    b.upload(values.data(), values.size() * sizeof(float));
    return b;
}

/// The first `n` floats of a buffer.
inline std::vector<float> readFloats(const vk::Buffer& b, std::size_t n) {
    std::vector<float> v(n);
    b.download(v.data(), n * sizeof(float));
    return v;
}

} // namespace hearth::vktest
