// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/backend.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace hearth {

class Model;

/// Where the forward pass runs.
enum class BackendKind { Vulkan, Cpu };

/// "vulkan" / "cpu" → kind; nullopt for anything else.
std::optional<BackendKind> parseBackendKind(const std::string& name);

/// How to create a backend.
struct BackendOptions {
    BackendKind kind = BackendKind::Vulkan;
    uint32_t contextSize = 0;       ///< 0: the model's training context
    std::optional<uint32_t> device; ///< Vulkan device index (else HEARTH_VK_DEVICE/best)
    unsigned threads = 0;           ///< CPU threads (0: all)
    /// Weight upload progress (bytes done, total); Vulkan only.
    std::function<void(uint64_t, uint64_t)> progress;
};

/// The name of the Vulkan device a backend would choose by itself (no index given, no
/// HEARTH_VK_DEVICE) when that device is a CPU implementation of Vulkan (llvmpipe, SwiftShader):
/// on such a machine the CPU backend is many times faster, so an app that merely prefers a GPU
/// should use the CPU. Nothing when it is a real GPU or when there is no Vulkan at all.
std::optional<std::string> softwareVulkanDevice();

/// Creates the backend. Throws hearth::Error with a message for the user when it cannot
/// (no Vulkan device, not enough GPU memory, ...).
std::unique_ptr<Backend> createBackend(const std::shared_ptr<const Model>& model,
                                       const BackendOptions& options);

} // namespace hearth
