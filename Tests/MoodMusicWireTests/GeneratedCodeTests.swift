import MoodMusicDigest
import Foundation
import Testing

/// Every file generated from Protos/ (Swift, Python, C) carries the sha256 of its .proto on its
/// first line (scripts/stamp-generated). A .proto edited without running scripts/gen-protos
/// fails here, so the three languages cannot drift from the contract.
@Suite struct GeneratedCodeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func generatedFiles(for proto: String) -> [String] {
        let name = (proto as NSString).deletingPathExtension
        return ["Sources/MoodMusicProtos/\(name).pb.swift",
                "clients/python/moodmusic/proto/\(name)_pb2.py", "clients/python/moodmusic/proto/\(name)_pb2.pyi",
                "clients/c/generated/\(name).pb-c.c", "clients/c/generated/\(name).pb-c.h"]
    }

    static var protos: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Protos").path)) ?? [])
            .filter { $0.hasSuffix(".proto") }.sorted()
    }

    @Test func everyProtoHasGeneratedCode() {
        #expect(Self.protos.count >= 6)
    }

    @Test(arguments: protos)
    func generatedFilesMatchTheirProto(_ proto: String) throws {
        let source = try Data(contentsOf: Self.root.appendingPathComponent("Protos/\(proto)"))
        let expected = SHA256.hex(of: [UInt8](source))
        for path in Self.generatedFiles(for: proto) {
            let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            let firstLine = text.prefix { $0 != "\n" }
            #expect(firstLine.contains("moodmusic-proto-sha256: \(expected) Protos/\(proto)"),
                    "\(path) was generated from another version of Protos/\(proto): run scripts/gen-protos")
        }
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(of: long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
