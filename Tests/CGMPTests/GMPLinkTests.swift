import CGMP
import Testing

/// The system library links and computes: 2^200 exactly (the Reference module builds its
/// high-precision oracle on this).
@Test func gmpComputesAnExactPower() {
    var z = mpz_t()
    __gmpz_init(&z)
    defer { __gmpz_clear(&z) }
    __gmpz_ui_pow_ui(&z, 2, 200)
    let text = String(cString: __gmpz_get_str(nil, 10, &z))
    #expect(text == "1606938044258990275541962092341162602522202993782792835301376")
}
