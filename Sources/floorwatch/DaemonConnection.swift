import ArgumentParser
import FloorQueryAPI
import Foundation

/// How a client command reaches floorwatchd: the query socket, or the TCP query port with its
/// bearer token. One option group for every command that talks to the daemon.
struct DaemonConnection: ParsableArguments {
    @Option(help: "The query socket.")
    var socket = "/tmp/floorwatchd.query.sock"

    @Option(help: "Query over TCP instead (http://HOST:PORT).")
    var url: String?

    @Option(help: "File with the bearer token for --url.")
    var tokenFile: String?

    func client() throws -> QueryClient {
        let token = try tokenFile.map {
            try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return QueryClient(socketPath: socket, url: url, token: token)
    }

    /// Sends the request; prints the daemon's error and exits 1 on anything but 2xx.
    /// Requests a route (its method and path from the query API's one list of routes).
    func call(_ route: QueryRoute, body: String? = nil) throws -> String {
        let response: (status: Int, body: String)
        do {
            response = try client().request(route.method, route.path, body: body)
        } catch {
            FileHandle.standardError.write(Data("floorwatch: \(error)\n".utf8))
            throw ExitCode(1)
        }
        guard (200..<300).contains(response.status) else {
            let message = (try? ErrorDocument(json: response.body))?.message ?? response.body
            FileHandle.standardError.write(Data("floorwatch: \(response.status): \(message)\n".utf8))
            throw ExitCode(1)
        }
        return response.body
    }

    /// Reads the daemon's answer as the document the route returns; a body this build cannot
    /// read is an error (exit 1), never a blank table.
    static func read<Document: QueryDocument>(_ type: Document.Type, _ body: String) throws -> Document {
        do {
            return try Document(json: body)
        } catch {
            FileHandle.standardError.write(Data("floorwatch: unreadable answer from the daemon: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    static func readArray<Document: QueryDocument>(_ type: Document.Type, _ body: String) throws -> [Document] {
        do {
            return try Document.array(json: body)
        } catch {
            FileHandle.standardError.write(Data("floorwatch: unreadable answer from the daemon: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
