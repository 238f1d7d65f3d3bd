import Testing
import Units
import Workloads
@testable import Serving

@Suite struct DeploymentTests {
    @Test func footprintOfTinyMoEByHand() {
        // Per layer: QKV 64 x (4 + 2x2) x 16 = 8192, output 4 x 16 x 64 = 4096, norms 2 x 64: 12416.
        // Dense layers 0, 2: 3 x 64 x 128 = 24576 each; MoE layers 1, 3: router 64 x 4 = 256,
        // experts 4 x 3 x 64 x 128 = 98304 each. Model: final norm 64, embedding + LM head 2 x 100 x 64.
        let footprint = ModelFootprint(model: Fixtures.model("tiny-moe"))
        #expect(footprint.sharedWeights == ByteCount(bytes: 2 * (4 * 12416 + 2 * 24576 + 2 * 256 + 64 + 12800)))
        #expect(footprint.expertWeights == ByteCount(bytes: 2 * 2 * 98304))
        #expect(footprint.kvPerToken == ByteCount(bytes: 2 * 4 * 2 * 16 * 2))
        let plan = ParallelismPlan(tensorParallel: 2, expertParallel: 2, expertTensorParallel: 1)
        #expect(footprint.weightsPerDevice(plan) == ByteCount(bytes: 224_384 / 2 + 393_216 / 2))
        #expect(footprint.kvPerTokenPerDevice(plan) == ByteCount(bytes: 256))
    }

    @Test func mixtralHasItsPublishedParameterCount() {
        // Mistral AI: Mixtral 8x7B has 46.7 B parameters in total.
        let footprint = ModelFootprint(model: Fixtures.model("mixtral-8x7b"))
        let parameters = Double(footprint.totalWeights.bytes) / 2
        #expect(abs(parameters - 46.7e9) / 46.7e9 < 0.005, "\(parameters)")
    }

    @Test func paperParallelism() throws {
        let mixtral = Fixtures.model("mixtral-8x7b")
        let duplex = try ServingDeployment(model: mixtral, system: Fixtures.system("duplex"), policy: .duplex, source: "t")
        #expect(duplex.plan == ParallelismPlan(tensorParallel: 4, expertParallel: 4, expertTensorParallel: 1) && duplex.dataParallel == 1)
        let et = try ServingDeployment(model: mixtral, system: Fixtures.system("duplex"), policy: .duplexPEET, source: "t")
        #expect(et.plan == ParallelismPlan(tensorParallel: 4, expertParallel: 1, expertTensorParallel: 4))
        // Experts split 4 ways either way: the same weights per device.
        #expect(et.weightsPerDevice == duplex.weightsPerDevice)

        var grokSystem = Fixtures.system("h100")
        grokSystem.nodes = .init(2, source: "t")
        grokSystem.devicesPerNode = .init(8, source: "t")
        let grok = try ServingDeployment(model: Fixtures.model("grok-1"), system: grokSystem, policy: .gpu, source: "t")
        #expect(grok.plan == ParallelismPlan(tensorParallel: 8, expertParallel: 8, expertTensorParallel: 2) && grok.dataParallel == 2)
        var grokDuplex = grokSystem
        grokDuplex.device = Fixtures.system("duplex").device
        let grokET = try ServingDeployment(model: Fixtures.model("grok-1"), system: grokDuplex, policy: .duplexPEET, source: "t")
        #expect(grokET.plan == ParallelismPlan(tensorParallel: 8, expertParallel: 2, expertTensorParallel: 8))
        // KV capacity counts both replicas.
        let perDevice = (grok.deviceMemory - grok.weightsPerDevice).bytes / grok.footprint.kvPerTokenPerDevice(grok.plan).bytes
        #expect(grok.kvCapacityTokens == Int(perDevice) * 2)
    }

    @Test func deploymentErrorsNameTheProblem() {
        do {
            _ = try ServingDeployment(model: Fixtures.model("mixtral-8x7b"), system: Fixtures.system("h100"), policy: .duplex, source: "s.json")
            Issue.record("duplex placement accepted on a GPU")
        } catch {
            #expect(error.description.contains("field \"placement\": \"duplex\" needs a logic-pim system"))
        }
        do {
            _ = try ServingDeployment(model: Fixtures.model("grok-1"), system: Fixtures.system("h100"), policy: .gpu, source: "s.json")
            Issue.record("Grok-1 accepted on 4 GPUs")
        } catch {
            #expect(error.description.contains("h100 cannot hold the weights of grok-1"))
        }
    }
}
