// SPDX-License-Identifier: GPL-3.0-or-later
// hearth-cli devices [--json]: every Vulkan device and the features Hearth's shaders use.

#include "app/cli/cli.h"
#include "app/cli/commands.h"
#include "app/services/gpudevices.h"
#include "engine/vulkan/kernels.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <string>

namespace hearth::cli {
namespace {

const char* yesNo(bool b) {
    return b ? "yes" : "no";
}

std::string formatBytes(uint64_t bytes) {
    char buf[32];
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    constexpr double kMiB = 1024.0 * 1024.0;
    if (bytes >= 1024ull * 1024 * 1024) {
        std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / kGiB);
    } else {
        std::snprintf(buf, sizeof buf, "%.0f MiB", static_cast<double>(bytes) / kMiB);
    }
    return buf;
}

QJsonObject toJson(const vk::DeviceInfo& d, bool preferred) {
    QJsonObject o;
    o["index"] = static_cast<int>(d.index);
    o["name"] = QString::fromStdString(d.name);
    o["type"] = QString::fromLatin1(vk::deviceTypeName(d.type));
    o["preferred"] = preferred;
    o["vendor_id"] = static_cast<int>(d.vendorId);
    o["device_id"] = static_cast<int>(d.deviceId);
    o["api_version"] = QStringLiteral("%1.%2.%3")
                           .arg(VK_API_VERSION_MAJOR(d.apiVersion))
                           .arg(VK_API_VERSION_MINOR(d.apiVersion))
                           .arg(VK_API_VERSION_PATCH(d.apiVersion));
    o["driver"] = QString::fromStdString(d.driverName);
    o["driver_info"] = QString::fromStdString(d.driverInfo);
    o["device_local_bytes"] = static_cast<qint64>(d.deviceLocalBytes);
    o["unified_memory"] = d.unifiedMemory;
    o["subgroup_size"] = static_cast<int>(d.subgroupSize);
    o["subgroup_size_min"] = static_cast<int>(d.minSubgroupSize);
    o["subgroup_size_max"] = static_cast<int>(d.maxSubgroupSize);
    o["subgroup_arithmetic"] = d.subgroupArithmetic;
    o["fp16"] = d.fp16Arithmetic;
    o["int8"] = d.int8Arithmetic;
    o["storage_8bit"] = d.storage8Bit;
    o["storage_16bit"] = d.storage16Bit;
    o["integer_dot_product"] = d.integerDotProduct;
    o["integer_dot_product_accelerated"] = d.integerDotProductAccelerated;
    o["cooperative_matrix"] = d.cooperativeMatrix;
    o["max_storage_buffer_range"] = static_cast<qint64>(d.maxStorageBufferRange);
    o["max_shared_memory"] = static_cast<int>(d.maxComputeSharedMemorySize);
    o["kernels"] = QString::fromStdString(vk::describeKernelConfig(vk::chooseKernelConfig(d)));
    return o;
}

} // namespace

int cmdDevices(Args& args) {
    const bool json = args.flag({"--json"});
    args.finish();

    const services::GpuInventory inv = services::queryGpuInventory();
    if (inv.devices.empty()) {
        std::fprintf(stderr, "hearth-cli devices: %s\n", inv.error.c_str());
        return kExitNoDevice;
    }
    if (json) {
        QJsonArray list;
        for (const auto& d : inv.devices) {
            list.append(toJson(d, static_cast<int>(d.index) == inv.preferred));
        }
        QJsonObject root;
        root["devices"] = list;
        std::printf("%s", QJsonDocument(root).toJson(QJsonDocument::Indented).constData());
        return kExitOk;
    }
    for (const auto& d : inv.devices) {
        const bool preferred = static_cast<int>(d.index) == inv.preferred;
        std::printf("%u%s %s\n", d.index, preferred ? "*" : " ", d.name.c_str());
        std::printf("   type: %s   driver: %s%s%s\n", vk::deviceTypeName(d.type),
                    d.driverName.empty() ? "unknown" : d.driverName.c_str(),
                    d.driverInfo.empty() ? "" : " ", d.driverInfo.c_str());
        std::printf("   memory: %s device-local%s   max buffer range: %s\n",
                    formatBytes(d.deviceLocalBytes).c_str(),
                    d.unifiedMemory ? " (shared with the CPU)" : "",
                    formatBytes(d.maxStorageBufferRange).c_str());
        std::printf("   subgroup size: %u", d.subgroupSize);
        if (d.minSubgroupSize != d.maxSubgroupSize) {
            std::printf(" (%u-%u)", d.minSubgroupSize, d.maxSubgroupSize);
        }
        std::printf("   fp16: %s   8-bit storage: %s   16-bit storage: %s   integer dot: %s%s\n",
                    yesNo(d.fp16Arithmetic), yesNo(d.storage8Bit), yesNo(d.storage16Bit),
                    yesNo(d.integerDotProduct),
                    d.integerDotProduct && !d.integerDotProductAccelerated ? " (not accelerated)"
                                                                           : "");
        // The shader variants Hearth picks for this device (before HEARTH_VK_KERNELS and the
        // start-up self-test).
        std::printf("   kernels: %s\n",
                    vk::describeKernelConfig(vk::chooseKernelConfig(d)).c_str());
    }
    if (inv.devices.size() > 1) {
        std::printf("* = the device Hearth uses (choose another with --device N or "
                    "HEARTH_VK_DEVICE)\n");
    }
    return kExitOk;
}

} // namespace hearth::cli
