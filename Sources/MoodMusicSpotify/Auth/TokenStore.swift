import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signed-in user's token on disk: JSON, mode 0600 in a 0700 directory, replaced atomically.
public struct TokenStore: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func load() throws(SpotifyError) -> SpotifyToken? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let token = try? JSONDecoder().decode(SpotifyToken.self, from: data) else {
            throw .notSignedIn("the token file \(path) is unreadable; run `mmctl spotify logout` then `mmctl spotify login`")
        }
        return token
    }

    public func save(_ token: SpotifyToken) throws(SpotifyError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
                throw .notSignedIn("cannot create \(directory) for the token file: \(error)")
            }
        }
        guard let data = try? JSONEncoder().encode(token) else { throw .badResponse("cannot encode the token") }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw .notSignedIn("cannot write the token file \(temporary): errno \(errno)") }
        _ = fchmod(fd, 0o600)
        let written = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == data.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .notSignedIn("cannot write the token file \(path): errno \(errno)")
        }
    }

    /// Removes the token; true when there was one.
    @discardableResult
    public func remove() -> Bool { unlink(path) == 0 }
}
