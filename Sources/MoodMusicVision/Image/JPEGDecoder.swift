import CTurboJPEG

/// Decodes JPEG through libjpeg-turbo's TurboJPEG API (accurate integer IDCT, fancy upsampling:
/// the same settings cv2.imread uses), then converts RGB to luma like cvtColor.
enum JPEGDecoder {
    static func decodeGray(_ bytes: [UInt8], maxPixels: Int) throws -> GrayImage {
        guard let handle = tjInitDecompress() else {
            throw ImageDecodingError.corrupt("TurboJPEG could not create a decompressor")
        }
        defer { tjDestroy(handle) }

        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerStatus = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0 else {
            throw ImageDecodingError.corrupt("JPEG header: \(errorText(handle))")
        }
        // A stream cut inside its headers parses as "tables only", with no frame and no size.
        guard width > 0, height > 0 else { throw ImageDecodingError.corrupt("JPEG has no frame header") }
        let pixelCount = try ImageLimits.checkedPixelCount(width: Int(width), height: Int(height), maxPixels: maxPixels)

        let upright: GrayImage
        switch colorspace {
        case Int32(TJCS_GRAY.rawValue):
            let gray = try decompress(bytes, handle, width, height, format: TJPF_GRAY, bytesPerPixel: 1)
            upright = GrayImage(width: Int(width), height: Int(height), pixels: gray)
        case Int32(TJCS_CMYK.rawValue), Int32(TJCS_YCCK.rawValue):
            throw ImageDecodingError.unsupportedVariant("CMYK/YCCK JPEG")
        default:
            let rgb = try decompress(bytes, handle, width, height, format: TJPF_RGB, bytesPerPixel: 3)
            let gray = [UInt8](unsafeUninitializedCapacity: pixelCount) { out, initialized in
                rgb.withUnsafeBufferPointer { GrayConversion.convertRGB($0.baseAddress!, to: out.baseAddress!, pixelCount: pixelCount) }
                initialized = pixelCount
            }
            upright = GrayImage(width: Int(width), height: Int(height), pixels: gray)
        }
        let orientation = JPEGExifReader.orientation(in: bytes) ?? .up
        return upright.applying(orientation)
    }

    /// Any TurboJPEG failure, including a warning such as "premature end of data" for a truncated
    /// file, is reported as corrupt: a half-grey picture must not reach the detector.
    private static func decompress(
        _ bytes: [UInt8], _ handle: tjhandle, _ width: Int32, _ height: Int32,
        format: TJPF, bytesPerPixel: Int
    ) throws -> [UInt8] {
        let count = Int(width) * Int(height) * bytesPerPixel
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            status = bytes.withUnsafeBufferPointer {
                tjDecompress2(handle, $0.baseAddress, UInt($0.count), out.baseAddress,
                              width, 0, height, Int32(format.rawValue), 0)
            }
            initialized = count   // every byte is written on success; the buffer is discarded on failure
        }
        guard status == 0 else {
            let kind = tjGetErrorCode(handle) == Int32(TJERR_WARNING.rawValue) ? "warning" : "error"
            throw ImageDecodingError.corrupt("JPEG data (\(kind)): \(errorText(handle))")
        }
        return pixels
    }

    private static func errorText(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "unknown TurboJPEG error" }
        return String(cString: text)
    }
}
