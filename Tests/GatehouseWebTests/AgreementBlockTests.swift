import Testing

@testable import GatehouseWeb

@Suite("Agreement text")
struct AgreementBlockTests {
    @Test("blank lines separate paragraphs and # lines are headings")
    func blocks() {
        let blocks = AgreementBlock.blocks(from: "## 1. Terms\r\nFirst line\n  second line  \n\n\n\nLast\n")
        #expect(
            blocks == [
                AgreementBlock(headingText: "1. Terms", paragraphText: nil),
                AgreementBlock(headingText: nil, paragraphText: "First line\nsecond line"),
                AgreementBlock(headingText: nil, paragraphText: "Last"),
            ]
        )
        #expect(AgreementBlock.blocks(from: "\n \n").isEmpty)
    }
}
