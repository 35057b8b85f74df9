// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/vulkan/ops.h"

#include "engine/core/error.h"

#include <algorithm>
#include <bit>

namespace hearth::vk {
namespace {

/// attention_rows.comp keeps this many weighted values per lane at most.
constexpr uint32_t kMaxRowAttentionWidth = 256;
/// attention_tiles.comp: queries per workgroup, widest head, the least workgroup that holds its
/// outputs (BQ · MAX_D / MAX_OUT), and its shared memory (q, k and v tiles, scores, row state).
constexpr uint32_t kTileQueries = 16;
constexpr uint32_t kTileMaxHeadDim = 128;
constexpr uint32_t kTileMinWorkgroup = 64;
constexpr uint32_t kTileSharedBytes = (3 * 16 * 128 + 16 * 16 + 3 * 16) * 4;
/// Activation blocks of the integer-dot matvec: 32 values in 48 bytes (common/intdot.glsl).
constexpr uint32_t kQ8BlockValues = 32;
constexpr uint32_t kQ8BlockBytes = 48;
/// Largest batch the integer-dot matvec takes (its activation buffer is sized for it); larger
/// batches below the matmul threshold go to the tiled matmul.
constexpr uint32_t kMaxIntegerDotTokens = 32;
/// Invocations of quantize_q8.comp per workgroup: one per block.
constexpr uint32_t kQuantizeWorkgroup = 64;

uint32_t ceilDiv(uint64_t a, uint64_t b) {
    return static_cast<uint32_t>((a + b - 1) / b);
}

} // namespace

BufferBinding singleChunk(const DeviceTensor& t) {
    if (t.chunks.size() != 1) {
        throw Error("tensor " + t.name + " must fit one buffer binding");
    }
    return t.chunks[0].binding;
}

StepBuffer::StepBuffer(Device& device) : buffer_(device, sizeof(StepParams), MemoryKind::Staging) {
    buffer_.upload(&params_, sizeof(params_));
}

void StepBuffer::setPosition(uint32_t pos) {
    params_.pos = pos;
    buffer_.upload(&params_, sizeof(params_));
}

BoundKernel::BoundKernel(Kernels& kernels, Kernel kernel, TensorType type,
                         std::initializer_list<BufferBinding> buffers,
                         std::span<const uint32_t> extra)
    : pipeline_(&kernels.get(kernel, type, extra)),
      set_(pipeline_->makeDescriptorSet(std::span(buffers.begin(), buffers.size()))),
      maxGroupsX_(kernels.device().info().maxComputeWorkGroupCount[0]) {}

void BoundKernel::recordRaw(Recorder& rec, const void* params, std::size_t bytes, uint32_t groups,
                            uint32_t depth) const {
    if (groups == 0 || depth == 0) {
        return;
    }
    const uint32_t x = std::min(groups, maxGroupsX_);
    recordGrid(rec, params, bytes, x, ceilDiv(groups, x), depth);
}

void BoundKernel::recordGrid(Recorder& rec, const void* params, std::size_t bytes, uint32_t x,
                             uint32_t y, uint32_t z) const {
    if (bytes != pipeline_->pushConstantBytes()) {
        throw Error("shader " + pipeline_->name() + ": wrong push-constant size");
    }
    if (x == 0 || y == 0 || z == 0) {
        return;
    }
    rec.dispatch(*pipeline_, set_, params, x, y, z);
}

Q8Input::Q8Input(Kernels& kernels, const BufferBinding& x, uint32_t cols, uint32_t maxTokens)
    : q8_(kernels.device(), uint64_t(maxTokens) * (cols / kQ8BlockValues) * kQ8BlockBytes,
          MemoryKind::DeviceLocal),
      quantize_(kernels, Kernel::QuantizeQ8, TensorType::F32, {x, q8_.binding()}), cols_(cols),
      maxTokens_(maxTokens) {
    if (cols == 0 || cols % kQ8BlockValues != 0 || maxTokens == 0) {
        throw Error("8-bit activations need whole blocks of 32 values");
    }
}

void Q8Input::record(Recorder& rec, uint32_t tokens, View view) const {
    if (rec.epoch() == epoch_ && tokens == tokens_ && view.offset == view_.offset &&
        view.stride == view_.stride) {
        return;
    }
    const MatmulParams q{0, cols_, 0, tokens, view.offset, view.stride, 0, 0, 0};
    quantize_.record(rec, q,
                     ceilDiv(uint64_t(tokens) * (cols_ / kQ8BlockValues), kQuantizeWorkgroup));
    rec.barrier();
    epoch_ = rec.epoch();
    tokens_ = tokens;
    view_ = view;
}

std::shared_ptr<Q8Input> MatmulOp::makeQ8Input(Kernels& kernels, const BufferBinding& x,
                                               uint32_t cols) {
    const KernelConfig& c = kernels.config();
    if (!c.integerDot || c.rowKernels || c.matmulMinTokens <= 1 || cols % kQ8BlockValues != 0) {
        return nullptr;
    }
    return std::make_shared<Q8Input>(kernels, x, cols,
                                     std::min(c.matmulMinTokens - 1, kMaxIntegerDotTokens));
}

MatmulOp::MatmulOp(Kernels& kernels, const DeviceTensor& w, const BufferBinding& x,
                   const BufferBinding& y, std::shared_ptr<Q8Input> q8)
    : kernels_(&kernels), type_(w.type), x_(x), y_(y), rowKernels_(kernels.config().rowKernels),
      rowTokens_(kernels.config().rowTokens), rows_(w.rows), cols_(w.cols), rowBytes_(w.rowBytes),
      matvecRows_(kernels.config().matvecRows), tileRows_(kernels.config().matmulRows),
      tileTokens_(kernels.config().matmulTokens), minTokens_(kernels.config().matmulMinTokens),
      subgroupReduce_(kernels.config().subgroupReduce),
      maxSubgroupSize_(kernels.config().maxSubgroupSize) {
    const Kernel vec = rowKernels_ ? Kernel::MatvecRows : Kernel::Matvec;
    const Kernel mat = rowKernels_ ? Kernel::MatmulRows : Kernel::Matmul;
    BufferBinding vecInput = x;
    if (usesIntegerDot(kernels.config(), w.type)) {
        q8_ = q8 && q8->cols() == cols_ ? std::move(q8) : makeQ8Input(kernels, x, cols_);
    }
    if (q8_) {
        vecInput = q8_->binding();
    }
    for (const WeightChunk& c : w.chunks) {
        chunks_.push_back({BoundKernel(kernels, vec, w.type, {c.binding, vecInput, y}),
                           BoundKernel(kernels, mat, w.type, {c.binding, x, y}), c.firstRow, c.rows,
                           c.binding, BoundKernel(), BoundKernel()});
    }
}

void MatmulOp::record(Recorder& rec, uint32_t tokens, View x, View y) const {
    const bool integerDot = q8_ && tokens < minTokens_;
    if (integerDot && tokens <= q8_->maxTokens()) {
        q8_->record(rec, tokens, x);
    }
    for (const Chunk& c : chunks_) {
        MatmulParams p{
            c.rows,   cols_, rowBytes_, tokens, x.offset, x.stride, y.offset + c.firstRow,
            y.stride, 0};
        if (rowKernels_) {
            // One invocation per row; batches in steps of rowTokens_ (z). Inputs are read as
            // vec4 when every token's starts on a 16-byte boundary.
            const bool aligned = x.offset % 4 == 0 && (tokens == 1 || x.stride % 4 == 0);
            const bool single = tokens == 1;
            const BoundKernel* k = single ? &c.matvec : &c.matmul;
            if (!aligned) {
                BoundKernel& slow = single ? c.matvecUnaligned : c.matmulUnaligned;
                if (!slow) {
                    slow = BoundKernel(*kernels_,
                                       single ? Kernel::MatvecRowsUnaligned
                                              : Kernel::MatmulRowsUnaligned,
                                       type_, {c.weights, x_, y_});
                }
                k = &slow;
            }
            k->record(rec, p, ceilDiv(c.rows, k->workgroupSize()),
                      single ? 1 : ceilDiv(tokens, rowTokens_));
        } else if (tokens >= minTokens_ || (integerDot && tokens > q8_->maxTokens())) {
            c.matmul.record3(rec, p, ceilDiv(c.rows, tileRows_), ceilDiv(tokens, tileTokens_), 1);
        } else {
            // Narrow rows share the workgroup: one invocation per 4 values (per block of 32 for
            // integer dot products), at least.
            const uint32_t wg = c.matvec.workgroupSize();
            const uint32_t step =
                integerDot ? kQ8BlockValues : matvecStep(kernels_->config(), type_);
            p.threadsPerRow = std::min(wg, std::bit_floor(std::max(1u, cols_ / step)));
            const uint32_t rowsPerGroup = matvecRows_ * (wg / p.threadsPerRow);
            const BoundKernel* k = &c.matvec;
            if (subgroupReduce_ && p.threadsPerRow < maxSubgroupSize_) {
                // A row's invocations do not fill whole subgroups: shared-memory reduction.
                if (!c.matvecNarrow) {
                    c.matvecNarrow = BoundKernel(*kernels_, Kernel::MatvecNoSubgroup, type_,
                                                 {c.weights, integerDot ? q8_->binding() : x_, y_});
                }
                k = &c.matvecNarrow;
            }
            k->record(rec, p, ceilDiv(c.rows, rowsPerGroup), tokens);
        }
    }
}

GetRowsOp::GetRowsOp(Kernels& kernels, const DeviceTensor& table, const BufferBinding& ids,
                     const BufferBinding& y)
    : cols_(table.cols), rowBytes_(table.rowBytes) {
    for (const WeightChunk& c : table.chunks) {
        chunks_.push_back({BoundKernel(kernels, Kernel::GetRows, table.type, {c.binding, ids, y}),
                           c.firstRow, c.rows});
    }
}

void GetRowsOp::record(Recorder& rec, uint32_t tokens, View y, float scale) const {
    for (const Chunk& c : chunks_) {
        const GetRowsParams p{tokens, cols_,    rowBytes_, c.firstRow,
                              c.rows, y.offset, y.stride,  scale};
        c.kernel.record3(rec, p, ceilDiv(cols_, c.kernel.workgroupSize()), tokens, 1);
    }
}

DequantOp::DequantOp(Kernels& kernels, const DeviceTensor& w, const BufferBinding& y)
    : cols_(w.cols), rowBytes_(w.rowBytes) {
    for (const WeightChunk& c : w.chunks) {
        chunks_.push_back(
            {BoundKernel(kernels, Kernel::Dequant, w.type, {c.binding, y}), c.firstRow, c.rows});
    }
}

void DequantOp::record(Recorder& rec) const {
    for (const Chunk& c : chunks_) {
        const DequantParams p{c.rows, cols_, rowBytes_, c.firstRow * cols_};
        c.kernel.record(rec, p, ceilDiv(uint64_t(c.rows) * cols_, c.kernel.workgroupSize()));
    }
}

RmsNormOp::RmsNormOp(Kernels& kernels, const BufferBinding& x, const DeviceTensor& weight,
                     const BufferBinding& y)
    : kernel_(kernels, Kernel::RmsNorm, TensorType::F32, {x, singleChunk(weight), y}) {}

void RmsNormOp::record(Recorder& rec, uint32_t tokens, const RmsNormParams& p) const {
    kernel_.record3(rec, p, tokens, 1, 1);
}

RopeOp::RopeOp(Kernels& kernels, const BufferBinding& data, const DeviceTensor& theta,
               const StepBuffer& step)
    : kernel_(kernels, Kernel::Rope, TensorType::F32, {data, singleChunk(theta), step.binding()}) {}

void RopeOp::record(Recorder& rec, const RopeParams& p) const {
    const uint64_t invocations = uint64_t(p.tokens) * p.heads * (p.nRot / 2);
    kernel_.record(rec, p, ceilDiv(invocations, kernel_.workgroupSize()));
}

KvStoreOp::KvStoreOp(Kernels& kernels, const BufferBinding& src, const BufferBinding& cache,
                     const StepBuffer& step)
    : kernel_(kernels, Kernel::KvStore, TensorType::F32, {src, cache, step.binding()}) {}

void KvStoreOp::record(Recorder& rec, const KvStoreParams& p) const {
    const uint64_t invocations = uint64_t(p.tokens) * (p.width / 2);
    kernel_.record(rec, p, ceilDiv(invocations, kernel_.workgroupSize()));
}

AttentionOp::AttentionOp(Kernels& kernels, const BufferBinding& q, const BufferBinding& keys,
                         const BufferBinding& values, const BufferBinding& out,
                         const StepBuffer& step, uint32_t headDim, uint32_t headDimV)
    : kernel_(kernels, Kernel::Attention, TensorType::F32, {q, keys, values, out, step.binding()}),
      headDim_(headDim), headDimV_(headDimV) {
    // attention_rows.comp reads heads eight halves at a time and keeps a lane's weighted values
    // in registers.
    if (kernels.config().attentionRows && headDim % 8 == 0 && headDimV % 8 == 0 &&
        headDimV <= kMaxRowAttentionWidth) {
        const uint32_t widths[] = {headDim, headDimV};
        rows_ = BoundKernel(kernels, Kernel::AttentionRows, TensorType::F32,
                            {q, keys, values, out, step.binding()}, widths);
    }
    const KernelConfig& c = kernels.config();
    if (!rows_ && c.attentionTileMinTokens > 0 && headDim <= kTileMaxHeadDim &&
        headDimV <= kTileMaxHeadDim && c.workgroupSize >= kTileMinWorkgroup &&
        kernels.device().info().maxComputeSharedMemorySize >= kTileSharedBytes) {
        tiles_ = BoundKernel(kernels, Kernel::AttentionTiles, TensorType::F32,
                             {q, keys, values, out, step.binding()});
        tileMinTokens_ = c.attentionTileMinTokens;
    }
}

void AttentionOp::record(Recorder& rec, uint32_t heads, const AttentionParams& p) const {
    // The row variant reads q as vec4 and cache rows as groups of 8 halves.
    const bool aligned = p.qOffset % 4 == 0 && p.qStride % 4 == 0 && p.kWidth % 8 == 0 &&
                         p.vWidth % 8 == 0 && p.headDim == headDim_ && p.headDimV == headDimV_;
    if (rows_ && aligned) {
        rows_.record3(rec, p, heads, p.tokens, 1);
        return;
    }
    if (tiles_ && p.tokens >= tileMinTokens_ && p.headDim <= kTileMaxHeadDim &&
        p.headDimV <= kTileMaxHeadDim) {
        tiles_.record3(rec, p, heads, ceilDiv(p.tokens, kTileQueries), 1);
        return;
    }
    kernel_.record3(rec, p, heads, p.tokens, 1);
}

GluOp::GluOp(Kernels& kernels, const BufferBinding& in, const BufferBinding& out)
    : kernel_(kernels, Kernel::Glu, TensorType::F32, {in, out}) {}

void GluOp::record(Recorder& rec, const GluParams& p) const {
    kernel_.record(rec, p, ceilDiv(uint64_t(p.tokens) * p.width, kernel_.workgroupSize()));
}

AddOp::AddOp(Kernels& kernels, const BufferBinding& y, const BufferBinding& a)
    : kernel_(kernels, Kernel::Add, TensorType::F32, {y, a}) {}

void AddOp::record(Recorder& rec, const AddParams& p) const {
    kernel_.record(rec, p, ceilDiv(uint64_t(p.tokens) * p.width, kernel_.workgroupSize()));
}

SoftcapOp::SoftcapOp(Kernels& kernels, const BufferBinding& data)
    : kernel_(kernels, Kernel::Softcap, TensorType::F32, {data}) {}

void SoftcapOp::record(Recorder& rec, const SoftcapParams& p) const {
    kernel_.record(rec, p, ceilDiv(p.count, kernel_.workgroupSize()));
}

} // namespace hearth::vk
