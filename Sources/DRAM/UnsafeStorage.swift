/// Copies `values` into a new pointer (freed by the owner's deinit). The hot paths of the DRAM
/// model keep their arrays behind pointers owned by a final class, so element access pays neither
/// copy-on-write uniqueness checks nor dynamic exclusivity checks (see EventQueue); every index is
/// computed from the organisation, and the few external inputs are range-checked on entry.
@inline(__always)
func allocateCopy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
    let p = UnsafeMutablePointer<T>.allocate(capacity: max(values.count, 1))
    if !values.isEmpty { p.initialize(from: values, count: values.count) }
    return p
}
