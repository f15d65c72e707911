import Glibc

/// Who an AMI subscription logs in as, and where its secret is kept: a file (mode 0600, owned by
/// the daemon's user) or a systemd credential (`LoadCredential=ami-secret:/etc/floorwatch/ami.secret`),
/// so the secret is never on a command line, in the environment or in a log.
public struct AMILogin: Sendable, Hashable {
    public enum Secret: Sendable, Hashable {
        case file(String)
        /// Read from `$CREDENTIALS_DIRECTORY/NAME`.
        case credential(String)
    }

    public var username: String
    public var secret: Secret

    /// The credential a command-line AMI subscription uses.
    public static let defaultCredential = "ami-secret"

    public init(username: String, secret: Secret) {
        self.username = username
        self.secret = secret
    }
}

extension AMILogin.Secret {
    /// The secret's text without its trailing newline. Errors name the file, never the content.
    func read() throws(ConfigurationError) -> String {
        let path: String
        switch self {
        case .file(let file):
            path = file
        case .credential(let name):
            guard let directory = getenv("CREDENTIALS_DIRECTORY").map({ String(cString: $0) }) else {
                throw ConfigurationError(
                    "no AMI secret: the systemd credential \(name) is not set (LoadCredential=) and no secret_file is configured"
                )
            }
            path = directory + "/" + name
        }
        guard let text = TextFile.read(path) else {
            throw ConfigurationError("cannot read the AMI secret file \(path)")
        }
        var secret = Substring(text)
        while let last = secret.last, last == "\n" || last == "\r" { secret = secret.dropLast() }
        guard !secret.isEmpty else { throw ConfigurationError("the AMI secret file \(path) is empty") }
        guard !secret.contains(where: { $0 == "\n" || $0 == "\r" }) else {
            throw ConfigurationError("the AMI secret file \(path) holds more than one line")
        }
        return String(secret)
    }
}
