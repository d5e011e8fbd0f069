@testable import GatehouseHTTP
import HTTPTypes
import Hummingbird
import Testing

/// The presented credentials are read on every request with byte work: the session cookie without
/// Hummingbird's full cookie parse (it must find exactly what `request.cookies[name]` finds), the
/// bearer token without Foundation.
@Suite("Credential parsing")
struct CredentialParsingTests {
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

    @Test("Authorization: the Bearer scheme in any case, blanks around the token dropped, anything else nothing")
    func bearer() {
        #expect(SessionMiddleware.bearerToken("Bearer abc") == "abc")
        #expect(SessionMiddleware.bearerToken("bearer abc") == "abc")
        #expect(SessionMiddleware.bearerToken("BEARER   abc \t") == "abc")
        #expect(SessionMiddleware.bearerToken("Bearer gth_a b") == "gth_a b", "the token is everything after the scheme")
        for refused in ["Bearer", "Bearer ", "Bearer   ", "Basic abc", "Bearerx abc", "Bear abc", "abc", "", " Bearer abc", "Bearér abc"] {
            #expect(SessionMiddleware.bearerToken(refused) == nil, "\(refused)")
        }
    }
}
