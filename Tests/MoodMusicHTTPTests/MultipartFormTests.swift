import MoodMusicWire
import Testing
@testable import MoodMusicHTTP

@Suite struct MultipartFormTests {
    static func body(_ parts: [(String, String?, String?, [UInt8])], boundary: String = "XyZ") -> [UInt8] {
        var out: [UInt8] = Array("preamble\r\n".utf8)
        for (name, filename, type, content) in parts {
            var header = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\""
            if let filename { header += "; filename=\"\(filename)\"" }
            if let type { header += "\r\nContent-Type: \(type)" }
            out += Array((header + "\r\n\r\n").utf8) + content + Array("\r\n".utf8)
        }
        return out + Array("--\(boundary)--\r\n".utf8)
    }

    @Test func boundaryFromContentType() {
        #expect(MultipartForm.boundary(fromContentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary(fromContentType: "Multipart/Form-Data;boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(fromContentType: "application/json") == nil)
        #expect(MultipartForm.boundary(fromContentType: "multipart/form-data") == nil)
    }

    @Test func partsWithBinaryContent() throws {
        let image: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 13, 10, 0x2D, 0x2D, 0, 255]
        let form = try MultipartForm(body: Self.body([("image", "a.png", "image/png", image), ("options", nil, "application/json", Array("{}".utf8))]), boundary: "XyZ")
        #expect(form.parts.count == 2)
        #expect(form.part(named: "image") == .init(name: "image", filename: "a.png", contentType: "image/png", body: image))
        #expect(form.part(named: "options")?.body == Array("{}".utf8))
        #expect(try MultipartForm(body: Self.body([("empty", nil, nil, [])]), boundary: "XyZ").parts[0].body == [])
    }

    @Test func malformedBodiesAreInvalidArgument() {
        let cases: [[UInt8]] = [
            Array("no boundary here".utf8),
            Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated".utf8),
            Array("--XyZ\r\nContent-Disposition: form-data; name=\"a\"".utf8),
            Array("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--".utf8),
            Array("--XyZ".utf8),
        ]
        for body in cases {
            do { _ = try MultipartForm(body: body, boundary: "XyZ"); Issue.record("accepted \(String(decoding: body, as: UTF8.self))") }
            catch { #expect(error.code == .invalidArgument) }
        }
    }

    @Test func tooManyPartsIsRefused() {
        let parts = (0...MultipartForm.maximumParts).map { ("p\($0)", String?.none, String?.none, [UInt8]([1])) }
        do { _ = try MultipartForm(body: Self.body(parts), boundary: "XyZ"); Issue.record("accepted") }
        catch { #expect(error.message.contains("more than")) }
    }
}
