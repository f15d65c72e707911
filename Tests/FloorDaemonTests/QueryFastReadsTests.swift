import FloorCore
import Foundation
import Glibc
import NIOCore
import Testing

@testable import FloorDaemon

/// Plain reads take the short way; everything else, and the connection after it, the full HTTP
/// handlers; and the short way answers byte for byte what the full way answers.
@Suite("query fast reads")
struct QueryFastReadsTests {
    static func check(_ text: String) -> (target: String, closes: Bool)? {
        let buffer = ByteBuffer(string: text)
        return QueryFastReads.plainGet(buffer.readableBytesView)
    }

    @Test func onlyOneWholePlainGetIsTakenTheShortWay() {
        #expect(Self.check("GET /v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n")! == ("/v1/health", false))
        #expect(Self.check("GET /v1/queues/a%20b?x=1 HTTP/1.1\r\nHost: x\r\n\r\n")?.target == "/v1/queues/a%20b?x=1")
        #expect(Self.check("GET /v1/snapshot HTTP/1.1\r\nHost: x\r\nconnection:  Close \r\n\r\n")?.closes == true)
        #expect(Self.check("GET /v1/snapshot HTTP/1.1\r\nConnection: keep-alive\r\n\r\n")?.closes == false)
        #expect(Self.check("GET /v1/snapshot HTTP/1.1\r\n\r\n") != nil, "no headers at all")
        for text in [
            "POST /v1/silences HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}",
            "HEAD /v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v1/health HTTP/1.0\r\nHost: x\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nHost: x\r\n",  // not whole yet
            "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/health HTTP/1.1\r\n\r\n",  // two
            "GET /v1/health HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nAuthorization: Bearer x\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
            "GET /v1/a b HTTP/1.1\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nno colon here\r\n\r\n",
            "GET /v1/health HTTP/1.1\n\n",
            "GET /v1/health HTTP/1.1\r\nContent-Length : 5\r\n\r\n",  // a space before the colon
            "GET /v1/health HTTP/1.1\r\n: empty name\r\n\r\n",
            "GET /v1/health HTTP/1.1\r\nX-A: 1\nTransfer-Encoding: chunked\r\n\r\n",  // a bare LF
            "GET /v1/health HTTP/1.1\r\nX-A: a\u{0}b\r\n\r\n",
            "GET /v1/he\u{7F}lth HTTP/1.1\r\n\r\n",
            "GET /v1/héalth HTTP/1.1\r\n\r\n",
        ] {
            #expect(Self.check(text) == nil, "\(text.debugDescription)")
        }
    }

    /// The same requests over a real daemon's socket, each sent whole (the short way) and split
    /// over two writes (the full HTTP handlers): the same status, headers and body.
    @Test func theShortWayAnswersAsTheFullWayDoes() throws {
        let daemon = try DaemonProcess()
        try daemon.waitUntilServing()
        try daemon.sendTCP(
            #"{"v":1,"type":"contact.queued","contact":"c1","queue":"billing","channel":"voice","time_ms":"#
                + "\(Int64(Date().timeIntervalSince1970 * 1000))}\n")
        _ = try daemon.waitForSnapshot { ($0["queues"] as? [String: Any])?["billing"] != nil }
        for resource in ["/v1/health", "/v1/queues/billing", "/v1/queues/none", "/v1/sources", "/v1/silences"] {
            // Both within one publication: the body is the same snapshot's.
            var whole: String = ""
            var split: String = ""
            for _ in 0..<20 {
                whole = try Self.exchange(daemon.querySocket, resource, split: false)
                split = try Self.exchange(daemon.querySocket, resource, split: true)
                if whole == split { break }
            }
            #expect(whole == split, "\(resource)")
            #expect(whole.hasPrefix("HTTP/1.1 "))
        }
    }

    /// One request with `Connection: close`, whole or in two writes 30 ms apart; the raw answer.
    static func exchange(_ path: String, _ resource: String, split: Bool) throws -> String {
        let descriptor = HTTPOverUnixSocket.connectUnix(path)
        guard descriptor >= 0 else { throw DaemonError("connect \(path): errno \(errno)") }
        defer { close(descriptor) }
        let head = "GET \(resource) HTTP/1.1\r\nHost: localhost\r\n"
        let rest = "Connection: close\r\n\r\n"
        let parts = split ? [head, rest] : [head + rest]
        for position in parts.indices {
            if position > 0 { usleep(30_000) }
            HTTPOverUnixSocket.send(descriptor, parts[position])
        }
        return HTTPOverUnixSocket.receiveUntilClosed(descriptor)
    }
}
