import Units
import Workloads

/// How much device memory a model replica needs: weights and KV cache per token, split over
/// devices by a parallelism plan.
///
/// Weights (elements, times bytes per element):
/// - per layer: QKV hidden x (heads + 2 kvHeads) headDim, output projection heads headDim x
///   hidden, two norm gains of hidden;
/// - dense layers: M x hidden x ffn (M = 3 gated, 2 plain); MoE layers: experts x M x hidden x ffn
///   plus the router hidden x experts;
/// - model: final norm gain, embedding vocab x hidden and LM head hidden x vocab (counted as
///   untied; norm biases are not counted, < 0.001% of any model here).
/// KV cache per token: 2 (K and V) x layers x kvHeads x headDim elements.
public struct ModelFootprint: Hashable, Sendable {
    /// Weights outside the experts (attention, norms, dense FFNs, router, embedding, LM head).
    public let sharedWeights: ByteCount
    /// All experts of all MoE layers.
    public let expertWeights: ByteCount
    /// KV cache of one token, all layers and KV heads.
    public let kvPerToken: ByteCount

    public init(model: ModelConfig) {
        let s = model.dtype.bytesPerElement
        let h = Int64(model.hidden), f = Int64(model.ffn), d = Int64(model.headDim)
        let heads = Int64(model.heads), kv = Int64(model.kvHeads), m = model.ffnKind.matrixCount
        let attention = h * (heads + 2 * kv) * d + heads * d * h + 2 * h
        var shared: Int64 = 0, experts: Int64 = 0
        for layer in 0..<model.layers {
            shared += attention
            if model.isMoELayer(layer) {
                shared += h * Int64(model.experts)
                experts += Int64(model.experts) * m * h * f
            } else {
                shared += m * h * f
            }
        }
        shared += h + 2 * Int64(model.vocab) * h
        sharedWeights = ByteCount(bytes: shared * s)
        expertWeights = ByteCount(bytes: experts * s)
        kvPerToken = ByteCount(bytes: 2 * Int64(model.layers) * kv * d * s)
    }

    /// All weights of one replica.
    public var totalWeights: ByteCount { sharedWeights + expertWeights }

    /// Weights on one device under `plan`: shared weights split over the TP group, experts over
    /// EP x expert-TP devices.
    public func weightsPerDevice(_ plan: ParallelismPlan) -> ByteCount {
        ByteCount(bytes: sharedWeights.bytes / Int64(plan.tensorParallel)
                  + expertWeights.bytes / Int64(plan.expertParallel * plan.expertTensorParallel))
    }

    /// KV cache of one token on one device of its TP group (KV heads split over TP).
    public func kvPerTokenPerDevice(_ plan: ParallelismPlan) -> ByteCount {
        ByteCount(bytes: kvPerToken.bytes / Int64(plan.tensorParallel))
    }
}
