@testable import GatehouseHTTP
import HTTPTypes
import Hummingbird
import Testing

/// The session cookie is read on every request without Hummingbird's full cookie parse; it must find
/// exactly what `request.cookies[name]` finds.
@Suite("Cookie parsing")
struct CookieParsingTests {
    @Test("the first cookie of that name, as Hummingbird finds it, across headers, blanks and look-alike names")
    func sameAsHummingbird() {
        let cases: [[String]] = [
            [],
            ["gatehouse_session=abc"],
            ["a=1; gatehouse_session=abc; b=2"],
            ["a=1;gatehouse_session=abc"],
            ["a=1;  \tgatehouse_session=abc=def"],
            ["xgatehouse_session=no; gatehouse_sessionx=no; gatehouse_session=yes"],
            ["gatehouse_session=first", "gatehouse_session=second"],
            ["a=1", "b=2; gatehouse_session=late"],
            ["gatehouse_session="],
            ["gatehouse_session; gatehouse_session=valued"],
            [";;; ; gatehouse_session=x;;"],
            ["Gatehouse_Session=case"],
            ["gatehouse_session=\"quoted\""],
            ["gatehouse_session=Иван"],
        ]
        for headers in cases {
            var fields = HTTPFields()
            for value in headers { fields.append(HTTPField(name: .cookie, value: value)) }
            let expected = Cookies(from: headers)["gatehouse_session"]?.value
            #expect(SessionMiddleware.cookieValue("gatehouse_session", in: fields) == expected, "\(headers)")
        }
    }
}
