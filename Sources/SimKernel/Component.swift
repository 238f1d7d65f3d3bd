/// A simulated part with identity (a DRAM controller, a compute engine, a link end).
///
/// Components are `final class`es owned by whoever builds the model; they hold a reference to
/// the one `Simulator` they schedule on and register their statistics under `name`.
public protocol Component: AnyObject {
    /// A dotted, unique name such as "device0.stack3.pc12"; the prefix of the component's stats.
    var name: String { get }
    /// The kernel the component schedules its events on.
    var simulator: Simulator { get }
}
