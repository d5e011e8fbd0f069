import Foundation
import Testing
import TOTP

@Suite("Verification window, replay and malformed codes")
struct VerificationTests {
    let totp: TOTP
    let now = Date(unix: 1_700_000_015)  // step 56 666 667, 15 s into it
    var current: Int64 { 56_666_667 }

    init() throws { totp = try TOTP(secret: RFCSeed.sha1) }

    @Test("The current step and one either side match, and the matched step is returned")
    func window() {
        #expect(totp.step(at: now) == current)
        for offset: Int64 in -1...1 {
            let code = totp.code(step: current + offset)
            #expect(totp.matchingStep(code: code, at: now, after: nil) == current + offset)
        }
    }

    @Test("Two steps away is refused, and window 0 accepts only the current step")
    func outsideWindow() {
        for offset: Int64 in [-3, -2, 2, 3] {
            let code = totp.code(step: current + offset)
            // Skip the rare code that collides with a step inside the window.
            let collides = (-1...1).contains { totp.code(step: current + Int64($0)) == code }
            if !collides { #expect(totp.matchingStep(code: code, at: now, after: nil) == nil) }
        }
        #expect(totp.matchingStep(code: totp.code(step: current), at: now, window: 0, after: nil) == current)
        #expect(totp.matchingStep(code: totp.code(step: current + 1), at: now, window: 0, after: nil) == nil)
    }

    @Test("Windows wider than one step are clamped to one")
    func clampedWindow() {
        let code = totp.code(step: current + 2)
        let collides = (-1...1).contains { totp.code(step: current + Int64($0)) == code }
        if !collides { #expect(totp.matchingStep(code: code, at: now, window: 5, after: nil) == nil) }
    }

    @Test("The last accepted step and every earlier one are refused")
    func replay() {
        let code = totp.code(step: current)
        let accepted = totp.matchingStep(code: code, at: now, after: nil)
        #expect(accepted == current)
        #expect(totp.matchingStep(code: code, at: now, after: accepted) == nil)
        #expect(totp.matchingStep(code: code, at: now.addingTimeInterval(30), after: accepted) == nil)
        #expect(totp.matchingStep(code: totp.code(step: current - 1), at: now, after: accepted) == nil)
        // The next step's code is still good after the current one was used.
        #expect(totp.matchingStep(code: totp.code(step: current + 1), at: now, after: accepted) == current + 1)
        // A stored step from long ago refuses nothing in the window.
        #expect(totp.matchingStep(code: code, at: now, after: current - 2) == current)
    }

    @Test("Codes that are not exactly six ASCII digits are refused",
          arguments: ["", "12345", "1234567", "12 345", " 123456", "123456 ", "12345a", "+12345",
                      "-12345", "１２３４５６", "١٢٣٤٥٦", "12345\u{0}", "123 456"])
    func malformed(code: String) {
        #expect(!totp.isWellFormed(code: code))
        #expect(totp.matchingStep(code: code, at: now, after: nil) == nil)
    }

    @Test("Eight-digit codes keep their leading zeros")
    func leadingZeros() throws {
        let eight = try TOTP(secret: RFCSeed.sha1, digits: 8)
        let date = Date(unix: 1_111_111_109)
        #expect(eight.code(at: date) == "07081804")
        #expect(eight.isWellFormed(code: "07081804"))
        #expect(eight.matchingStep(code: "7081804", at: date, after: nil) == nil)
    }

    @Test("Dates before 1970 read as step 0")
    func beforeEpoch() {
        #expect(totp.step(at: Date(unix: -100)) == 0)
        #expect(totp.step(at: Date(unix: 29)) == 0)
        #expect(totp.step(at: Date(unix: 30)) == 1)
        #expect(totp.code(step: -5) == totp.code(step: 0))
    }
}
