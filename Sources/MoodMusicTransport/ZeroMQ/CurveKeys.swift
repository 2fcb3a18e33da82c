import CZMQ
import Foundation

/// A CurveZMQ key pair in Z85 text (40 characters each).
///
/// Files: a key-pair file holds two lines, `public <Z85>` and `secret <Z85>`, and is written with
/// mode 0600; a public-key file holds `public <Z85>` alone. Allow-lists are folders of public-key
/// files (`*.pub`). `mmctl keys generate` writes both files.
public struct CurveKeyPair: Sendable, Equatable {
    public let publicKey: String
    public let secretKey: String

    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    public static func generate() throws -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else { throw ZMQError("zmq_curve_keypair") }
        func text(_ z85: [CChar]) -> String { String(decoding: z85.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CurveKeyPair(publicKey: text(publicKey), secretKey: text(secretKey))
    }

    /// Reads a key-pair file.
    public static func load(_ path: String) throws -> CurveKeyPair {
        let fields = try CurveKeyFile.fields(path)
        guard let publicKey = fields["public"], let secretKey = fields["secret"] else {
            throw CurveKeyError("\(path) is not a key-pair file (needs 'public' and 'secret' lines)")
        }
        return CurveKeyPair(publicKey: publicKey, secretKey: secretKey)
    }

    /// Reads the public key from a public-key or key-pair file.
    public static func loadPublic(_ path: String) throws -> String {
        guard let key = try CurveKeyFile.fields(path)["public"] else { throw CurveKeyError("\(path) has no 'public' line") }
        return key
    }

    /// Writes NAME.key (mode 0600) and NAME.pub into `directory`.
    public func write(name: String, directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let secretPath = directory + "/\(name).key"
        let created = FileManager.default.createFile(atPath: secretPath, contents: Data("public \(publicKey)\nsecret \(secretKey)\n".utf8),
                                                     attributes: [.posixPermissions: 0o600])
        guard created else { throw CurveKeyError("cannot write \(secretPath)") }
        try "public \(publicKey)\n".write(toFile: directory + "/\(name).pub", atomically: true, encoding: .utf8)
    }

    /// The public keys of every `*.pub` file in a folder.
    public static func allowList(directory: String) throws -> Set<String> {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".pub") }
        return Set(try names.map { try loadPublic(directory + "/" + $0) })
    }
}

enum CurveKeyFile {
    /// "name value" lines; a Z85 key is 40 characters.
    static func fields(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            guard parts[1].utf8.count == 40 else { throw CurveKeyError("\(path): the \(parts[0]) key is not 40 Z85 characters") }
            fields[parts[0]] = parts[1]
        }
        return fields
    }
}

public struct CurveKeyError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// How one socket authenticates.
public enum SocketSecurity: Sendable {
    /// No authentication or encryption (local development, in-process tests).
    case none
    /// A bound socket: our key pair, and the ZAP domain whose allow-list decides who may connect.
    case curveServer(keys: CurveKeyPair, domain: String)
    /// A connecting socket: our key pair and the server's public key.
    case curveClient(keys: CurveKeyPair, serverPublicKey: String)
}

extension SocketSecurity {
    /// The security of a connecting socket from the two files a worker or client is given:
    /// its own key pair and the gateway's public key. Both nil: `.none`.
    public static func client(keyPairFile: String?, gatewayPublicKeyFile: String?) throws -> SocketSecurity {
        switch (keyPairFile, gatewayPublicKeyFile) {
        case (nil, nil):
            return .none
        case (let keys?, let server?):
            return .curveClient(keys: try CurveKeyPair.load(keys), serverPublicKey: try CurveKeyPair.loadPublic(server))
        default:
            throw CurveKeyError("CURVE needs both a key-pair file (--curve-keys) and the gateway's public key (--gateway-key)")
        }
    }
}
