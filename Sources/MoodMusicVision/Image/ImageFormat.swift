/// The encoded formats ``ImageDecoder`` understands, recognised by their signatures.
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg
    case png

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Identifies the format from the first bytes, or returns nil when no signature matches.
    public static func sniff(_ bytes: [UInt8]) -> ImageFormat? {
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF {
            return .jpeg
        }
        if bytes.count >= pngSignature.count, bytes[0..<pngSignature.count].elementsEqual(pngSignature) {
            return .png
        }
        return nil
    }
}
