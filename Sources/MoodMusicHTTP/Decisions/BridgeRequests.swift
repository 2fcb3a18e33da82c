import Foundation
import MoodMusicProtos
import MoodMusicWire
import SwiftProtobuf

/// Turns HTTP bodies into the contract's protobuf requests, with an INVALID_ARGUMENT that says
/// what was wrong for anything else. No I/O: the body is already collected.
public enum BridgeRequests {
    /// Media types accepted as a raw image body.
    public static let imageTypes: Set<String> = ["image/jpeg", "image/png", "application/octet-stream"]

    /// `POST /v1/emotions:detect`: a raw image, or multipart with `image` and an optional
    /// `options` part holding DetectionOptions as JSON.
    public static func detect(contentType: String?, body: [UInt8]) throws(RPCError) -> Moodmusic_V1_DetectEmotionsRequest {
        var request = Moodmusic_V1_DetectEmotionsRequest()
        if let form = try multipart(contentType, body) {
            request.image = try Data(imagePart(form))
            if let options = form.part(named: "options") {
                request.options = try decodeJSON(Moodmusic_V1_DetectionOptions.self, options.body, what: "the options part")
            }
        } else {
            request.image = try Data(rawImage(contentType, body))
        }
        return request
    }

    /// `POST /v1/recommendations`: RecommendRequest in protobuf's JSON mapping.
    public static func recommend(contentType: String?, body: [UInt8]) throws(RPCError) -> Moodmusic_V1_RecommendRequest {
        if let contentType, mediaType(contentType) != "application/json" {
            throw .invalidArgument("expected Content-Type application/json (RecommendRequest in protobuf's JSON mapping), got \(contentType.prefix(80))")
        }
        return try decodeJSON(Moodmusic_V1_RecommendRequest.self, body, what: "the body")
    }

    /// `POST /v1/recommendations:forImage`: multipart with `image` and an optional `options`
    /// part holding RecommendForImageRequest as JSON (its `image` field must be left out).
    /// A raw image body is accepted too, with default options.
    public static func recommendForImage(contentType: String?, body: [UInt8]) throws(RPCError) -> Moodmusic_V1_RecommendForImageRequest {
        guard let form = try multipart(contentType, body) else {
            var request = Moodmusic_V1_RecommendForImageRequest()
            request.image = try Data(rawImage(contentType, body))
            return request
        }
        var request = Moodmusic_V1_RecommendForImageRequest()
        if let options = form.part(named: "options") {
            request = try decodeJSON(Moodmusic_V1_RecommendForImageRequest.self, options.body, what: "the options part")
            guard request.image.isEmpty else { throw .invalidArgument("the options part must not carry the image: send it as the `image` part") }
        }
        request.image = try Data(imagePart(form))
        return request
    }

    static func mediaType(_ contentType: String) -> String {
        contentType.split(separator: ";").first.map { $0.trimmingWhitespace().lowercased() } ?? ""
    }

    private static func multipart(_ contentType: String?, _ body: [UInt8]) throws(RPCError) -> MultipartForm? {
        guard let contentType, mediaType(contentType).hasPrefix("multipart/") else { return nil }
        guard let boundary = MultipartForm.boundary(fromContentType: contentType) else {
            throw .invalidArgument("expected multipart/form-data with a boundary parameter, got \(contentType.prefix(80))")
        }
        return try MultipartForm(body: body, boundary: boundary)
    }

    private static func imagePart(_ form: MultipartForm) throws(RPCError) -> [UInt8] {
        guard let part = form.part(named: "image") else {
            throw .invalidArgument("the form has no `image` part (fields: \(form.parts.map(\.name).joined(separator: ", ")))")
        }
        guard !part.body.isEmpty else { throw .invalidArgument("the `image` part is empty") }
        return part.body
    }

    private static func rawImage(_ contentType: String?, _ body: [UInt8]) throws(RPCError) -> [UInt8] {
        guard let contentType, imageTypes.contains(mediaType(contentType)) else {
            throw .invalidArgument("send the image as the body with Content-Type image/jpeg or image/png, or as the `image` part of multipart/form-data (got \(contentType.map { String($0.prefix(80)) } ?? "no Content-Type"))")
        }
        guard !body.isEmpty else { throw .invalidArgument("the body is empty: expected a JPEG or PNG image") }
        return body
    }

    private static func decodeJSON<M: SwiftProtobuf.Message>(_: M.Type, _ bytes: [UInt8], what: String) throws(RPCError) -> M {
        guard !bytes.isEmpty else { return M() }
        do {
            return try M(jsonUTF8Bytes: bytes)
        } catch {
            throw .invalidArgument("\(what) is not a valid \(M.protoMessageName) in protobuf's JSON mapping: \(error)")
        }
    }
}
