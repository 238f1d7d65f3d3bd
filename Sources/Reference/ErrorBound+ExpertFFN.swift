extension ErrorBound {
    /// The bound of output element `element` of an expert FFN whose down projection is
    /// accumulated as `partials` stored column partials (1 = unsplit):
    /// E + dot(ffn, Y + E, |y| + E, partials).
    public func expertFFN(_ terms: ExpertFFNErrorTerms, element: Int, partials: Int) -> Double {
        let e = terms.propagated[element]
        return e + dot(length: terms.ffn, absoluteSum: terms.absoluteSum[element] + e,
                       magnitude: abs(terms.output[element]) + e, partials: partials)
    }
}
