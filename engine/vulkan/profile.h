// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

namespace hearth::vk {

/// Device time spent in one kind of recorded command (a shader variant, "copy" or "fill"),
/// summed over every profiled submission.
struct ProfileEntry {
    std::string label; ///< the pipeline's shader variant ("matvec_q4_0"), "copy" or "fill"
    uint64_t calls = 0;
    double seconds = 0.0;
};

/// A measured device memory bandwidth.
struct CopyBandwidth {
    double bytesPerSecond = 0.0; ///< bytes read plus bytes written per second
    uint64_t bufferBytes = 0;    ///< size of the buffer copied
    bool timestamps = false;     ///< timed by the device (else by the host's clock)
};

} // namespace hearth::vk
