// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli quantize IN.gguf OUT.gguf TYPE: writes a model in another weight format (the usual
// per-tensor mix), shows progress on stderr and ends with the quantization error per type.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "engine/gguf/gguf.h"
#include "engine/quant/quantizer.h"

#include <cstdio>
#include <string>

namespace hearth::cli {
namespace {

constexpr const char* kTargets = "f16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_k_m, q5_k_m or q6_k";

std::string mebibytes(uint64_t bytes) {
    constexpr double kMiB = 1024.0 * 1024.0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f MiB", static_cast<double>(bytes) / kMiB);
    return buf;
}

} // namespace

int cmdQuantize(Args& args) {
    args.finish(3);
    const std::vector<std::string> positional = args.positionals();
    if (positional.size() != 3) {
        throw UsageError("expected IN.gguf OUT.gguf TYPE");
    }
    const std::string& in = positional[0];
    const std::string& out = positional[1];
    const auto target = quant::quantizeTargetFromName(positional[2]);
    if (!target) {
        throw UsageError("unknown type \"" + positional[2] + "\" (use " + kTargets + ")");
    }
    const std::string label = *quant::fileTypeLabel(static_cast<uint32_t>(*target));

    const auto model = gguf::File::open(in);
    const auto progress = [](std::size_t index, std::size_t count, const quant::TensorPlan& t) {
        const int width = static_cast<int>(std::to_string(count).size());
        const std::string from(typeName(t.from));
        if (t.from == t.to) {
            std::fprintf(stderr, "[%*zu/%zu] %-32s %s (kept)\n", width, index + 1, count,
                         t.name.c_str(), from.c_str());
        } else {
            std::fprintf(stderr, "[%*zu/%zu] %-32s %s -> %s%s\n", width, index + 1, count,
                         t.name.c_str(), from.c_str(), std::string(typeName(t.to)).c_str(),
                         t.fallback ? " (fallback)" : "");
        }
    };
    const quant::QuantizeReport report = quant::quantizeModel(*model, out, *target, progress);

    std::size_t fallbacks = 0;
    for (const quant::TensorPlan& t : report.plan) {
        fallbacks += t.fallback ? 1 : 0;
    }
    std::printf("wrote %s: %s, %zu tensors, %s -> %s\n", out.c_str(), label.c_str(),
                report.plan.size(), mebibytes(report.bytesIn).c_str(),
                mebibytes(report.bytesOut).c_str());
    if (fallbacks > 0) {
        std::printf("%zu tensor(s) took a fallback type: their rows do not fit the blocks of the "
                    "mix's type\n",
                    fallbacks);
    }
    std::printf("%-6s %8s %14s %12s %10s\n", "type", "tensors", "values", "RMSE", "rel. RMSE");
    for (const quant::TypeError& e : report.errors) {
        std::printf("%-6s %8zu %14llu %12.4e %9.3f%%\n", std::string(typeName(e.type)).c_str(),
                    e.tensors, static_cast<unsigned long long>(e.values), e.rmse(),
                    100.0 * e.relativeRmse());
    }
    return kExitOk;
}

} // namespace hearth::cli
