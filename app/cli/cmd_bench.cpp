// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli bench: prefill and decode speed of a model (or of a generated random-weight one),
// the bytes a decoded token reads and the memory bandwidth that achieves, against the device's
// measured peak; optionally the device time of every shader. A table on stdout (or JSON with
// --json); progress on stderr.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/cli/engine_options.h"
#include "engine/bench/bench.h"
#include "engine/bench/synthetic.h"
#include "engine/core/error.h"
#include "engine/gguf/gguf.h"
#include "engine/model/model.h"
#include "engine/quant/filetype.h"
#include "engine/vulkan/instance.h"
#include "engine/vulkan/vulkan_backend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <thread>
#include <unistd.h>

namespace hearth::cli {
namespace {

constexpr long long kDefaultPrompt = 128;
constexpr long long kDefaultGenerate = 64;
constexpr long long kDefaultRepetitions = 3;
constexpr long long kMaxTokens = 1 << 16;
constexpr long long kMaxRepetitions = 1000;
constexpr uint32_t kDefaultContext = 2048;
constexpr const char* kDefaultSyntheticType = "q4_0";
constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kPeakBufferBytes = 256 * kMiB;
constexpr int kPeakRepetitions = 5;
constexpr int kHostPeakRepetitions = 3;
constexpr double kGiga = 1e9;
constexpr double kMega = 1e6;
constexpr double kMilli = 1e3;
constexpr double kPercent = 100.0;
constexpr uint32_t kVulkanKvBytes = 2; ///< f16 cache
constexpr uint32_t kCpuKvBytes = 4;    ///< float32 cache

/// The command line of bench.
struct BenchOptions {
    EngineOptions engine;
    std::optional<bench::SyntheticShape> synthetic;
    quant::FileType syntheticType = quant::FileType::MostlyQ4_0;
    bench::BenchSettings settings;
    bool json = false;
    bool profile = false;
    std::optional<double> peakGbps; ///< --peak-bandwidth
};

uint32_t countOption(Args& args, std::initializer_list<std::string_view> names, long long fallback,
                     long long max) {
    const long long v = args.intOption(names).value_or(fallback);
    if (v < 1 || v > max) {
        throw UsageError("option " + std::string(*names.begin()) + " must be between 1 and " +
                         std::to_string(max));
    }
    return static_cast<uint32_t>(v);
}

BenchOptions parseOptions(Args& args) {
    BenchOptions o;
    o.engine = parseEngineOptions(args, false, false);
    const auto synthetic = args.option({"--synthetic"});
    const auto type = args.option({"--type"});
    o.settings.promptTokens = countOption(args, {"-p", "--n-prompt"}, kDefaultPrompt, kMaxTokens);
    o.settings.genTokens = countOption(args, {"-n", "--n-gen"}, kDefaultGenerate, kMaxTokens);
    o.settings.repetitions =
        countOption(args, {"-r", "--repetitions"}, kDefaultRepetitions, kMaxRepetitions);
    o.json = args.flag({"--json"});
    o.profile = args.flag({"--profile"});
    if (const auto peak = args.numberOption({"--peak-bandwidth"})) {
        if (!(*peak > 0.0)) {
            throw UsageError("--peak-bandwidth must be a positive number of GB/s");
        }
        o.peakGbps = *peak;
    }
    args.finish();

    if (synthetic && !o.engine.model.empty()) {
        throw UsageError("give either -m MODEL or --synthetic SHAPE, not both");
    }
    if (!synthetic && o.engine.model.empty()) {
        throw UsageError("needs -m MODEL or --synthetic SHAPE");
    }
    if (type && !synthetic) {
        throw UsageError("--type only applies to --synthetic models");
    }
    if (synthetic) {
        o.synthetic = bench::syntheticShape(*synthetic);
        if (!o.synthetic) {
            throw UsageError("--synthetic must be one of " + bench::syntheticShapeNames() +
                             ", not \"" + *synthetic + "\"");
        }
        const auto target = quant::quantizeTargetFromName(type.value_or(kDefaultSyntheticType));
        if (!target) {
            throw UsageError("--type must be one of f16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_k_m, "
                             "q5_k_m, q6_k, not \"" +
                             *type + "\"");
        }
        o.syntheticType = *target;
    }
    return o;
}

bool interactive() {
    return isatty(STDERR_FILENO) != 0;
}

/// Writes (or finds) the generated model and returns its path; says which on stderr.
std::string syntheticModel(const BenchOptions& o) {
    const std::string dir = bench::benchCacheDir();
    const std::string label =
        o.synthetic->name + " " +
        quant::fileTypeLabel(static_cast<uint32_t>(o.syntheticType)).value_or("?");
    bool announced = false;
    const auto progress = [&](std::size_t done, std::size_t count) {
        if (!announced) {
            std::fprintf(stderr, "generating the synthetic model %s (random weights)...\n",
                         label.c_str());
            announced = true;
        }
        if (interactive()) {
            std::fprintf(stderr, "\r  %3d%%", count ? int(done * 100 / count) : 100);
            if (done >= count) {
                std::fprintf(stderr, "\n");
            }
        }
    };
    const bench::CachedModel m =
        bench::cachedSyntheticModel(*o.synthetic, o.syntheticType, dir, progress, o.engine.threads);
    std::fprintf(stderr, "synthetic model %s: %s (%s)\n", label.c_str(), m.path.c_str(),
                 m.created ? "written" : "cached");
    return m.path;
}

uint64_t tensorBytes(const gguf::File& file) {
    uint64_t sum = 0;
    for (const gguf::TensorInfo& t : file.tensors()) {
        sum += t.bytes;
    }
    return sum;
}

/// The peak bandwidth to compare with, and how it was found.
struct Peak {
    double gbps = 0.0;
    std::string source;
};

Peak findPeak(const BenchOptions& o, VulkanBackend* vulkan) {
    if (o.peakGbps) {
        return {*o.peakGbps, "given (--peak-bandwidth)"};
    }
    if (vulkan) {
        const vk::CopyBandwidth b = vulkan->measureBandwidth(kPeakBufferBytes, kPeakRepetitions);
        return {b.bytesPerSecond / kGiga, b.timestamps
                                              ? "device buffer copy, timed by the device"
                                              : "device buffer copy, timed by the host clock"};
    }
    return {bench::measureHostBandwidth(o.engine.threads, kPeakBufferBytes, kHostPeakRepetitions) /
                kGiga,
            "host memory read on all threads used"};
}

/// What --profile found: per-shader times, or why there are none.
struct ProfileResult {
    std::vector<vk::ProfileEntry> entries;
    uint32_t tokens = 0;
    double wallSeconds = 0.0; ///< the profiled run on the host clock (timestamps cost time)
    std::string unavailable;
};

ProfileResult profileDecode(const BenchOptions& o, Backend& backend, VulkanBackend* vulkan,
                            const ModelConfig& config, const bench::TokenTraffic& traffic) {
    ProfileResult p;
    if (!vulkan) {
        p.unavailable = "profiling is Vulkan-only (the CPU backend has no per-operation timers)";
        return p;
    }
    if (!vulkan->canProfile()) {
        p.unavailable = "the device \"" + vulkan->device().name +
                        "\" has no timestamp queries on its compute queue: no profile";
        return p;
    }
    vulkan->setProfiling(true);
    vulkan->clearProfile();
    p.wallSeconds = bench::decodeRun(backend, config, traffic, o.settings.promptTokens,
                                     o.settings.genTokens, o.settings.seed)
                        .seconds;
    vulkan->setProfiling(false);
    p.entries = vulkan->profile();
    p.tokens = o.settings.genTokens;
    return p;
}

double share(double achievedGbps, const Peak& peak) {
    return peak.gbps > 0.0 ? achievedGbps / peak.gbps : 0.0;
}

QJsonObject decodeJson(const bench::DecodeRun& r) {
    QJsonObject d;
    d["first_position"] = qint64(r.firstPosition);
    d["tokens"] = qint64(r.tokens);
    d["tps"] = r.tokensPerSecond();
    d["bytes_per_token"] = qint64(r.bytesPerToken);
    d["bandwidth_gbps"] = r.bytesPerSecond() / kGiga;
    return d;
}

/// Everything reported, for both output forms.
struct Report {
    std::string modelPath, modelName, modelType, architecture, backend, device;
    std::string kernels; ///< the Vulkan shader variants in use (empty on the CPU)
    std::optional<std::string> synthetic;
    uint64_t modelBytes = 0;
    uint32_t context = 0;
    unsigned threads = 0;
    double loadSeconds = 0.0;
    bench::BenchSettings settings;
    bench::TokenTraffic traffic;
    bench::BenchResult result;
    Peak peak;
    std::optional<ProfileResult> profile;
};

void printJson(const Report& r) {
    QJsonObject o;
    o["model"] = QString::fromStdString(r.modelPath);
    o["model_name"] = QString::fromStdString(r.modelName);
    o["model_type"] = QString::fromStdString(r.modelType);
    o["architecture"] = QString::fromStdString(r.architecture);
    o["synthetic"] = r.synthetic ? QJsonValue(QString::fromStdString(*r.synthetic)) : QJsonValue();
    o["model_bytes"] = qint64(r.modelBytes);
    o["backend"] = QString::fromStdString(r.backend);
    o["device"] = QString::fromStdString(r.device);
    if (!r.kernels.empty()) {
        o["kernels"] = QString::fromStdString(r.kernels);
    }
    if (r.backend == "cpu") {
        o["threads"] = qint64(r.threads);
    }
    o["context"] = qint64(r.context);
    o["prompt_tokens"] = qint64(r.settings.promptTokens);
    o["gen_tokens"] = qint64(r.settings.genTokens);
    o["repetitions"] = qint64(r.settings.repetitions);
    o["load_seconds"] = r.loadSeconds;
    o["prefill_tps"] = r.result.prefillMedian;
    QJsonArray runs;
    for (const double v : r.result.prefillTokensPerSecond) {
        runs.append(v);
    }
    o["prefill_tps_runs"] = runs;
    const bench::DecodeRun& start = r.result.decodeStart;
    const bench::DecodeRun& end = r.result.decodeEnd;
    o["decode_tps"] = start.tokensPerSecond();
    o["decode_tps_end"] = end.tokensPerSecond();
    o["decode_start"] = decodeJson(start);
    o["decode_end"] = decodeJson(end);
    o["weight_bytes_per_token"] = qint64(r.traffic.weightBytes);
    o["kv_bytes_per_position"] =
        qint64(r.traffic.kvBytesPerPosition + r.traffic.kvBytesPerWindowPosition);
    o["bytes_per_token"] = qint64(start.bytesPerToken);
    o["bytes_per_token_end"] = qint64(end.bytesPerToken);
    o["bandwidth_gbps"] = start.bytesPerSecond() / kGiga;
    o["bandwidth_gbps_end"] = end.bytesPerSecond() / kGiga;
    o["peak_bandwidth_gbps"] = r.peak.gbps;
    o["peak_bandwidth_source"] = QString::fromStdString(r.peak.source);
    o["bandwidth_share"] = share(start.bytesPerSecond() / kGiga, r.peak);
    o["bandwidth_share_end"] = share(end.bytesPerSecond() / kGiga, r.peak);
    if (r.profile) {
        if (!r.profile->unavailable.empty()) {
            o["profile_error"] = QString::fromStdString(r.profile->unavailable);
        } else {
            double total = 0.0;
            for (const vk::ProfileEntry& e : r.profile->entries) {
                total += e.seconds;
            }
            QJsonArray entries;
            for (const vk::ProfileEntry& e : r.profile->entries) {
                QJsonObject p;
                p["label"] = QString::fromStdString(e.label);
                p["calls"] = qint64(e.calls);
                p["seconds"] = e.seconds;
                p["share"] = total > 0.0 ? e.seconds / total : 0.0;
                entries.append(p);
            }
            o["profile"] = entries;
            o["profile_tokens"] = qint64(r.profile->tokens);
            o["profile_seconds"] = total;
            o["profile_wall_seconds"] = r.profile->wallSeconds;
        }
    }
    std::printf("%s", QJsonDocument(o).toJson(QJsonDocument::Indented).constData());
}

void printDecodeRow(const bench::DecodeRun& d, const Peak& peak) {
    const std::string test = "decode @" + std::to_string(d.firstPosition);
    const double gbps = d.bytesPerSecond() / kGiga;
    std::printf("%-16s %-10u %10.2f %10.1f %8.2f %7.1f%%\n", test.c_str(), d.tokens,
                d.tokensPerSecond(), double(d.bytesPerToken) / kMega, gbps,
                share(gbps, peak) * kPercent);
}

void printProfile(const ProfileResult& p) {
    std::printf("\n");
    if (!p.unavailable.empty()) {
        std::printf("profile: %s\n", p.unavailable.c_str());
        return;
    }
    double total = 0.0;
    for (const vk::ProfileEntry& e : p.entries) {
        total += e.seconds;
    }
    std::printf("device time per shader over %u decoded tokens: %.2f ms per token (the profiled "
                "run took %.2f ms per token on the host clock)\n",
                p.tokens, p.tokens ? total * kMilli / p.tokens : 0.0,
                p.tokens ? p.wallSeconds * kMilli / p.tokens : 0.0);
    std::printf("%-28s %8s %12s %12s %7s\n", "shader", "calls", "total ms", "ms/token", "share");
    for (const vk::ProfileEntry& e : p.entries) {
        std::printf("%-28s %8llu %12.3f %12.3f %6.1f%%\n", e.label.c_str(),
                    static_cast<unsigned long long>(e.calls), e.seconds * kMilli,
                    p.tokens ? e.seconds * kMilli / p.tokens : 0.0,
                    total > 0.0 ? e.seconds / total * kPercent : 0.0);
    }
}

void printTable(const Report& r) {
    std::printf("%s (%s, %s), %.1f MB of weights\n", r.modelName.c_str(), r.architecture.c_str(),
                r.modelType.c_str(), double(r.modelBytes) / kMega);
    std::printf("%s, context %u, loaded in %.2f s\n", r.device.c_str(), r.context, r.loadSeconds);
    if (!r.kernels.empty()) {
        std::printf("kernels: %s\n", r.kernels.c_str());
    }
    std::printf("\n");
    std::printf("%-16s %-10s %10s %10s %8s %8s\n", "test", "tokens", "tok/s", "MB/token", "GB/s",
                "of peak");
    const std::string prefillTokens =
        std::to_string(r.settings.promptTokens) + " x " + std::to_string(r.settings.repetitions);
    std::printf("%-16s %-10s %10.2f\n", "prefill", prefillTokens.c_str(), r.result.prefillMedian);
    printDecodeRow(r.result.decodeStart, r.peak);
    printDecodeRow(r.result.decodeEnd, r.peak);
    std::printf("\npeak bandwidth %.2f GB/s (%s)\n", r.peak.gbps, r.peak.source.c_str());
    if (r.profile) {
        printProfile(*r.profile);
    }
}

} // namespace

int cmdBench(Args& args) {
    BenchOptions o = parseOptions(args);
    Report r;
    r.settings = o.settings;
    if (o.synthetic) {
        r.modelPath = syntheticModel(o);
        r.synthetic = o.synthetic->name;
        o.engine.model = r.modelPath;
    } else {
        r.modelPath = o.engine.model;
    }

    const auto loadStart = std::chrono::steady_clock::now();
    const std::shared_ptr<const Model> model = loadModel(o.engine);
    const ModelConfig& config = model->config();
    r.context =
        std::max(bench::minimumContext(o.settings), o.engine.contextSize.value_or(kDefaultContext));
    std::unique_ptr<Backend> backend = createBackend(o.engine, model, r.context);
    r.loadSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count();

    auto* vulkan = dynamic_cast<VulkanBackend*>(backend.get());
    r.backend = vulkan ? "vulkan" : "cpu";
    r.device = backend->name();
    if (vulkan) {
        r.kernels = vulkan->kernelsDescription();
    }
    r.threads =
        o.engine.threads ? o.engine.threads : std::max(1u, std::thread::hardware_concurrency());
    r.modelName = config.name;
    r.architecture = architectureName(config.arch);
    const auto fileType = model->file().getUInt("general.file_type");
    r.modelType =
        fileType ? quant::fileTypeLabel(static_cast<uint32_t>(*fileType)).value_or("?") : "unknown";
    r.modelBytes = tensorBytes(model->file());
    r.traffic =
        bench::tokenTraffic(config, model->weights(), vulkan ? kVulkanKvBytes : kCpuKvBytes);

    bench::BenchHooks hooks;
    if (interactive()) {
        hooks.phase = [](const std::string& phase) {
            std::fprintf(stderr, "bench: %s\n", phase.c_str());
        };
    }
    r.result = bench::runBenchmark(*backend, config, r.traffic, o.settings, hooks);
    if (o.profile) {
        if (hooks.phase) {
            hooks.phase("profiled decode");
        }
        r.profile = profileDecode(o, *backend, vulkan, config, r.traffic);
        if (!r.profile->unavailable.empty()) {
            std::fprintf(stderr, "hearth-cli bench: %s\n", r.profile->unavailable.c_str());
        }
    }
    if (hooks.phase) {
        hooks.phase("peak bandwidth");
    }
    r.peak = findPeak(o, vulkan);

    if (o.json) {
        printJson(r);
    } else {
        printTable(r);
    }
    return kExitOk;
}

} // namespace hearth::cli
