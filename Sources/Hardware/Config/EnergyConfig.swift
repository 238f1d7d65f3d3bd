import Units

/// Energy facts of a system.
public struct EnergyConfig: Codable, Sendable, Equatable {
    /// One FP16 multiply-accumulate (2 FLOP).
    public var macFP16: Sourced<Energy>
    /// Inter-device communication per bit (10.4 pJ/B in AttAcc).
    public var interDevice: Sourced<EnergyPerBit>
    /// One DRAM row activation (per bank; an ALL-ACT of a bundle is 8 of these).
    public var dramActivation: Sourced<Energy>
    /// DRAM data path per bit.
    public var dramPath: DRAMPathEnergy
    /// On-chip SRAM buffer access per bit (xPU and PIM buffers; each staged bit is written once
    /// and read once).
    public var sramAccess: Sourced<EnergyPerBit>

    public init(from decoder: Decoder) throws {
        var o = try StrictObject(decoder, allowed: ["macFP16", "interDevice", "dramActivation", "dramPath", "sramAccess"])
        let mac = o.required("macFP16", Sourced<Energy>.self)
        let inter = o.required("interDevice", Sourced<EnergyPerBit>.self)
        let act = o.required("dramActivation", Sourced<Energy>.self)
        let path = o.required("dramPath", DRAMPathEnergy.self)
        let sram = o.required("sramAccess", Sourced<EnergyPerBit>.self)
        try o.finish()
        macFP16 = mac!
        interDevice = inter!
        dramActivation = act!
        dramPath = path!
        sramAccess = sram!
    }
}
