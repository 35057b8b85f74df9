// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The operations of the forward pass, each a pipeline bound to its buffers once (descriptor
// sets are made when the op is prepared, never per dispatch). record() adds the dispatch to a
// command buffer with the per-call values as push constants; the position, which changes at
// every decode step, is read from a StepBuffer instead, so that a recorded command buffer can be
// submitted again at another position. Barriers are the caller's job.

#include "engine/vulkan/buffer.h"
#include "engine/vulkan/kernel_params.h"
#include "engine/vulkan/kernels.h"
#include "engine/vulkan/recorder.h"
#include "engine/vulkan/weight_store.h"

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

namespace hearth::vk {

/// Float activations in a buffer: token t's values start at offset + t·stride (in floats).
struct View {
    uint32_t offset = 0;
    uint32_t stride = 0;
};

/// The Step buffer (StepParams): a 16-byte host-visible buffer that the position-dependent ops
/// (RoPE, KV store, attention) bind. The host writes the position before each submission; a
/// write while a submission that reads the buffer is running is a race.
class StepBuffer {
public:
    StepBuffer() = default;
    /// Position 0.
    explicit StepBuffer(Device& device);

    /// The position of the first token of the next submission (recorded ops add their
    /// posOffset to it).
    void setPosition(uint32_t pos);
    uint32_t position() const { return params_.pos; }
    BufferBinding binding() const { return buffer_.binding(); }

private:
    Buffer buffer_;
    StepParams params_{};
};

/// One pipeline with one descriptor set.
class BoundKernel {
public:
    BoundKernel() = default;
    BoundKernel(Kernels& kernels, Kernel kernel, TensorType type,
                std::initializer_list<BufferBinding> buffers, std::span<const uint32_t> extra = {});

    explicit operator bool() const { return pipeline_ != nullptr; }

    /// Dispatches `groups` workgroups (laid out in x and y when more than the device allows in
    /// one dimension; shaders use linear_group()) times `depth` in z.
    template <class Params>
    void record(Recorder& rec, const Params& params, uint32_t groups, uint32_t depth = 1) const {
        recordRaw(rec, &params, sizeof(Params), groups, depth);
    }
    /// Dispatches exactly x·y·z workgroups.
    template <class Params>
    void record3(Recorder& rec, const Params& params, uint32_t x, uint32_t y, uint32_t z) const {
        recordGrid(rec, &params, sizeof(Params), x, y, z);
    }
    uint32_t workgroupSize() const { return pipeline_->workgroupSize(); }

private:
    void recordRaw(Recorder& rec, const void* params, std::size_t bytes, uint32_t groups,
                   uint32_t depth) const;
    void recordGrid(Recorder& rec, const void* params, std::size_t bytes, uint32_t x, uint32_t y,
                    uint32_t z) const;

    const Pipeline* pipeline_ = nullptr;
    VkDescriptorSet set_ = VK_NULL_HANDLE;
    uint32_t maxGroupsX_ = 0;
};

/// Activations quantized to 8-bit blocks for the integer-dot matvec (quantize_q8.comp): one
/// input of `cols` values per token, for batches of up to maxTokens(). Ops that read the same
/// input share one, so it is quantized once however many weights it meets.
class Q8Input {
public:
    Q8Input(Kernels& kernels, const BufferBinding& x, uint32_t cols, uint32_t maxTokens);

    uint32_t cols() const { return cols_; }
    uint32_t maxTokens() const { return maxTokens_; }
    BufferBinding binding() const { return q8_.binding(); }
    /// Records the quantization of `tokens` tokens of x at `view`, then a barrier, unless this
    /// recorder has quantized the same tokens since its last barrier (x cannot have changed).
    void record(Recorder& rec, uint32_t tokens, View view) const;

private:
    Buffer q8_;
    BoundKernel quantize_;
    uint32_t cols_ = 0;
    uint32_t maxTokens_ = 0;
    /// What was quantized last: the recorder's epoch after the barrier, tokens and view.
    mutable uint64_t epoch_ = 0;
    mutable uint32_t tokens_ = 0;
    mutable View view_;
};

/// y = W·x for a batch of tokens: matvec for small batches, the tiled matmul for larger ones,
/// one dispatch per chunk of W. Where the matvec takes 8-bit activations (usesIntegerDot), x is
/// first quantized (with a barrier) through `q8`, or a Q8Input of the op's own when that is null
/// or does not fit.
class MatmulOp {
public:
    MatmulOp() = default;
    MatmulOp(Kernels& kernels, const DeviceTensor& w, const BufferBinding& x,
             const BufferBinding& y, std::shared_ptr<Q8Input> q8 = nullptr);
    /// A Q8Input for ops of `kernels` that read `cols` values per token from x (null where no
    /// matvec of these kernels takes 8-bit activations).
    static std::shared_ptr<Q8Input> makeQ8Input(Kernels& kernels, const BufferBinding& x,
                                                uint32_t cols);
    MatmulOp(MatmulOp&&) noexcept = default;
    MatmulOp& operator=(MatmulOp&&) noexcept = default;
    explicit operator bool() const { return !chunks_.empty(); }
    uint32_t rows() const { return rows_; }
    void record(Recorder& rec, uint32_t tokens, View x, View y) const;

private:
    struct Chunk {
        BoundKernel matvec;
        BoundKernel matmul;
        uint32_t firstRow;
        uint32_t rows;
        BufferBinding weights;
        /// Row kernels for inputs off 16-byte boundaries: made on first use (rare).
        mutable BoundKernel matvecUnaligned;
        mutable BoundKernel matmulUnaligned;
        /// Matvec reduced in shared memory only, for rows too narrow for the subgroup variant.
        mutable BoundKernel matvecNarrow;
    };
    std::vector<Chunk> chunks_;
    Kernels* kernels_ = nullptr;
    TensorType type_ = TensorType::F32;
    BufferBinding x_;
    BufferBinding y_;
    bool rowKernels_ = false;
    uint32_t rowTokens_ = 0;
    uint32_t rows_ = 0;
    uint32_t cols_ = 0;
    uint32_t rowBytes_ = 0;
    uint32_t matvecRows_ = 0;
    uint32_t tileRows_ = 0;
    uint32_t tileTokens_ = 0;
    uint32_t minTokens_ = 0;
    bool subgroupReduce_ = false;
    uint32_t maxSubgroupSize_ = 0;
    /// Integer-dot matvec: x quantized here first (batches up to its maxTokens()).
    std::shared_ptr<Q8Input> q8_;
};

/// y[t] = scale · table[ids[t]] (dequantized), one dispatch per chunk of the table.
class GetRowsOp {
public:
    GetRowsOp() = default;
    GetRowsOp(Kernels& kernels, const DeviceTensor& table, const BufferBinding& ids,
              const BufferBinding& y);
    void record(Recorder& rec, uint32_t tokens, View y, float scale) const;

private:
    struct Chunk {
        BoundKernel kernel;
        uint32_t firstRow;
        uint32_t rows;
    };
    std::vector<Chunk> chunks_;
    uint32_t cols_ = 0;
    uint32_t rowBytes_ = 0;
};

/// The whole tensor to float32, row-major, into y (tests, checksums).
class DequantOp {
public:
    DequantOp(Kernels& kernels, const DeviceTensor& w, const BufferBinding& y);
    void record(Recorder& rec) const;

private:
    struct Chunk {
        BoundKernel kernel;
        uint32_t firstRow;
        uint32_t rows;
    };
    std::vector<Chunk> chunks_;
    uint32_t cols_ = 0;
    uint32_t rowBytes_ = 0;
};

/// RMSNorm of `tokens` rows with a float32 weight vector; y may alias x.
class RmsNormOp {
public:
    RmsNormOp() = default;
    RmsNormOp(Kernels& kernels, const BufferBinding& x, const DeviceTensor& weight,
              const BufferBinding& y);
    explicit operator bool() const { return bool(kernel_); }
    void record(Recorder& rec, uint32_t tokens, const RmsNormParams& p) const;

private:
    BoundKernel kernel_;
};

/// Rotary position embedding in place, angles from a float32 table of per-pair frequencies.
class RopeOp {
public:
    RopeOp() = default;
    RopeOp(Kernels& kernels, const BufferBinding& data, const DeviceTensor& theta,
           const StepBuffer& step);
    void record(Recorder& rec, const RopeParams& p) const;

private:
    BoundKernel kernel_;
};

/// Keys or values of a batch into an f16 cache.
class KvStoreOp {
public:
    KvStoreOp() = default;
    KvStoreOp(Kernels& kernels, const BufferBinding& src, const BufferBinding& cache,
              const StepBuffer& step);
    void record(Recorder& rec, const KvStoreParams& p) const;

private:
    BoundKernel kernel_;
};

/// Attention for `heads` query heads of p.tokens tokens.
class AttentionOp {
public:
    AttentionOp() = default;
    /// Heads are `headDim` (q, k) and `headDimV` (v) values wide.
    AttentionOp(Kernels& kernels, const BufferBinding& q, const BufferBinding& keys,
                const BufferBinding& values, const BufferBinding& out, const StepBuffer& step,
                uint32_t headDim, uint32_t headDimV);
    void record(Recorder& rec, uint32_t heads, const AttentionParams& p) const;

private:
    BoundKernel kernel_;
    BoundKernel rows_;  ///< AttentionRows, where the device and the head widths allow it
    BoundKernel tiles_; ///< AttentionTiles, where the head widths and shared memory allow it
    uint32_t tileMinTokens_ = 0;
    uint32_t headDim_ = 0;
    uint32_t headDimV_ = 0;
};

/// SwiGLU / GeGLU: out = act(gate)·up.
class GluOp {
public:
    GluOp() = default;
    GluOp(Kernels& kernels, const BufferBinding& in, const BufferBinding& out);
    void record(Recorder& rec, const GluParams& p) const;

private:
    BoundKernel kernel_;
};

/// y += a (residuals; a bias when aStride is 0).
class AddOp {
public:
    AddOp() = default;
    AddOp(Kernels& kernels, const BufferBinding& y, const BufferBinding& a);
    explicit operator bool() const { return bool(kernel_); }
    void record(Recorder& rec, const AddParams& p) const;

private:
    BoundKernel kernel_;
};

/// cap·tanh(v / cap) in place.
class SoftcapOp {
public:
    SoftcapOp() = default;
    SoftcapOp(Kernels& kernels, const BufferBinding& data);
    void record(Recorder& rec, const SoftcapParams& p) const;

private:
    BoundKernel kernel_;
};

/// The binding of a tensor that must fit one chunk (norm weights, biases, RoPE tables).
BufferBinding singleChunk(const DeviceTensor& t);

} // namespace hearth::vk
