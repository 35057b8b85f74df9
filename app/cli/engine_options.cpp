// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/engine_options.h"

#include "engine/backend_factory.h"
#include "engine/core/error.h"
#include "engine/model/model.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace hearth::cli {

namespace {

constexpr long long kMaxContext = 1 << 20;

uint32_t positiveOption(Args& args, std::initializer_list<std::string_view> names, long long max,
                        std::optional<uint32_t>& out) {
    if (const auto v = args.intOption(names)) {
        if (*v <= 0 || *v > max) {
            throw UsageError("option " + std::string(*names.begin()) + " must be between 1 and " +
                             std::to_string(max));
        }
        out = static_cast<uint32_t>(*v);
    }
    return out.value_or(0);
}

} // namespace

EngineOptions parseEngineOptions(Args& args, bool contextFlagC, bool modelRequired) {
    EngineOptions o;
    o.model = modelRequired ? args.required({"-m", "--model"})
                            : args.option({"-m", "--model"}).value_or("");
    if (contextFlagC) {
        positiveOption(args, {"-c", "--ctx"}, kMaxContext, o.contextSize);
    } else {
        positiveOption(args, {"--ctx", "-c"}, kMaxContext, o.contextSize);
    }
    if (const auto b = args.option({"--backend"})) {
        if (!parseBackendKind(*b)) {
            throw UsageError("--backend must be vulkan or cpu, not \"" + *b + "\"");
        }
        o.backend = *b;
    }
    if (const auto d = args.intOption({"--device"})) {
        if (*d < 0 || *d > 64) {
            throw UsageError("--device must be a device number (see hearth-cli devices)");
        }
        o.device = static_cast<uint32_t>(*d);
    }
    std::optional<uint32_t> threads;
    o.threads = positiveOption(args, {"--threads", "-t"}, 1024, threads);
    return o;
}

SamplingParams parseSamplingOptions(Args& args) {
    SamplingParams s;
    if (const auto v = args.numberOption({"--temp"})) {
        s.temperature = static_cast<float>(*v);
    }
    if (const auto v = args.intOption({"--top-k"})) {
        s.topK = static_cast<int32_t>(std::clamp<long long>(*v, -1, 1 << 30));
    }
    if (const auto v = args.numberOption({"--top-p"})) {
        if (*v < 0.0 || *v > 1.0) {
            throw UsageError("--top-p must be between 0 and 1");
        }
        s.topP = static_cast<float>(*v);
    }
    if (const auto v = args.numberOption({"--min-p"})) {
        if (*v < 0.0 || *v > 1.0) {
            throw UsageError("--min-p must be between 0 and 1");
        }
        s.minP = static_cast<float>(*v);
    }
    if (const auto v = args.numberOption({"--repeat-penalty"})) {
        if (*v <= 0.0) {
            throw UsageError("--repeat-penalty must be positive");
        }
        s.repeatPenalty = static_cast<float>(*v);
    }
    if (const auto v = args.intOption({"--repeat-last-n"})) {
        s.repeatLastN = static_cast<int32_t>(std::clamp<long long>(*v, -1, 1 << 20));
    }
    if (const auto v = args.intOption({"--seed"})) {
        s.seed = static_cast<uint64_t>(*v);
    }
    return s;
}

std::shared_ptr<const Model> loadModel(const EngineOptions& options) {
    return Model::load(options.model);
}

uint32_t chooseContextSize(const EngineOptions& options, const Model& model, uint32_t fallback) {
    if (options.contextSize) {
        return *options.contextSize;
    }
    return std::min(model.config().nCtxTrain, fallback);
}

std::unique_ptr<Backend> createBackend(const EngineOptions& options,
                                       const std::shared_ptr<const Model>& model,
                                       uint32_t contextSize) {
    BackendOptions b;
    b.kind = *parseBackendKind(options.backend);
    b.contextSize = contextSize;
    b.device = options.device;
    b.threads = options.threads;
    if (isatty(STDERR_FILENO)) {
        b.progress = [](uint64_t done, uint64_t total) {
            std::fprintf(stderr, "\rloading weights: %3d%%", total ? int(done * 100 / total) : 100);
            if (done >= total) {
                std::fprintf(stderr, "\n");
            }
        };
    }
    if (b.kind == BackendKind::Vulkan) {
        try {
            return hearth::createBackend(model, b);
        } catch (const Error& e) {
            // No usable GPU: say why and run on the CPU.
            std::fprintf(stderr, "hearth-cli: Vulkan unavailable (%s); using the CPU\n", e.what());
            b.kind = BackendKind::Cpu;
        }
    }
    return hearth::createBackend(model, b);
}

} // namespace hearth::cli
