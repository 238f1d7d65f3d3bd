/// The release of the command-line tool, printed by `duplexsim --version`.
enum DuplexSimVersion {
    static let current = "0.1.0"
}
