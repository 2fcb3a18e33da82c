import CSpng
import CTurboJPEG

/// Decodes JPEG or PNG bytes to upright 8-bit RGB (EXIF orientation applied), for the BlazeFace detector.
///
/// `minimumSide`: JPEGs are decoded with TurboJPEG's DCT scaling (1/2, 1/4, 1/8) to the smallest size whose
/// longer side is still at least this many pixels; nil decodes at full size.
public struct RGBImageDecoder: Sendable {
    public var maxPixels: Int

    public init(maxPixels: Int = 40_000_000) {
        self.maxPixels = maxPixels
    }

    public func decode(_ bytes: [UInt8], minimumSide: Int? = nil) throws -> RGBImage {
        try decodeScaled(bytes, minimumSide: minimumSide).image
    }

    /// The (possibly DCT-scaled) image and the upright full-resolution size it stands for.
    public func decodeScaled(_ bytes: [UInt8], minimumSide: Int?) throws -> (image: RGBImage, fullWidth: Int, fullHeight: Int) {
        guard !bytes.isEmpty else { throw ImageDecodingError.empty }
        switch ImageFormat.sniff(bytes) {
        case .jpeg: return try decodeJPEG(bytes, minimumSide: minimumSide)
        case .png:
            let image = try decodePNG(bytes)
            return (image, image.width, image.height)
        case nil: throw ImageDecodingError.unsupportedFormat
        }
    }

    /// Full-resolution upright luma: for JPEG the decoder's own Y channel (no colour conversion, no chroma
    /// upsampling); for PNG the `ImageDecoder` path.
    public func decodeLuma(_ bytes: [UInt8]) throws -> GrayImage {
        guard ImageFormat.sniff(bytes) == .jpeg else { return try ImageDecoder(maxPixels: maxPixels).decodeGray(bytes) }
        guard let handle = tjInitDecompress() else { throw ImageDecodingError.corrupt("TurboJPEG could not create a decompressor") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerStatus = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0, width > 0, height > 0 else { throw ImageDecodingError.corrupt("JPEG header") }
        let count = try ImageLimits.checkedPixelCount(width: Int(width), height: Int(height), maxPixels: maxPixels)
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            status = bytes.withUnsafeBufferPointer {
                tjDecompress2(handle, $0.baseAddress, UInt($0.count), out.baseAddress, width, 0, height, Int32(TJPF_GRAY.rawValue), 0)
            }
            initialized = count
        }
        guard status == 0 else { throw ImageDecodingError.corrupt("JPEG data: \(tjGetErrorStr2(handle).map { String(cString: $0) } ?? "error")") }
        return GrayImage(width: Int(width), height: Int(height), pixels: pixels).applying(JPEGExifReader.orientation(in: bytes) ?? .up)
    }

    private func decodeJPEG(_ bytes: [UInt8], minimumSide: Int?) throws -> (image: RGBImage, fullWidth: Int, fullHeight: Int) {
        guard let handle = tjInitDecompress() else { throw ImageDecodingError.corrupt("TurboJPEG could not create a decompressor") }
        defer { tjDestroy(handle) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        let headerStatus = bytes.withUnsafeBufferPointer {
            tjDecompressHeader3(handle, $0.baseAddress, UInt($0.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerStatus == 0, width > 0, height > 0 else { throw ImageDecodingError.corrupt("JPEG header") }
        guard colorspace != Int32(TJCS_CMYK.rawValue), colorspace != Int32(TJCS_YCCK.rawValue) else {
            throw ImageDecodingError.unsupportedVariant("CMYK/YCCK JPEG")
        }
        _ = try ImageLimits.checkedPixelCount(width: Int(width), height: Int(height), maxPixels: maxPixels)
        var denominator = 1
        if let minimumSide {
            let longer = Int(max(width, height))
            while denominator < 8, (longer + 2 * denominator - 1) / (2 * denominator) >= minimumSide { denominator *= 2 }
        }
        // TJSCALED: ceil(size / denominator).
        let outWidth = (Int(width) + denominator - 1) / denominator, outHeight = (Int(height) + denominator - 1) / denominator
        let count = outWidth * outHeight * 3
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            status = bytes.withUnsafeBufferPointer {
                tjDecompress2(handle, $0.baseAddress, UInt($0.count), out.baseAddress, Int32(outWidth), 0, Int32(outHeight), Int32(TJPF_RGB.rawValue), 0)
            }
            initialized = count
        }
        guard status == 0 else { throw ImageDecodingError.corrupt("JPEG data: \(tjGetErrorStr2(handle).map { String(cString: $0) } ?? "error")") }
        let orientation = JPEGExifReader.orientation(in: bytes) ?? .up
        let image = RGBImage(width: outWidth, height: outHeight, pixels: pixels).applying(orientation)
        return orientation.swapsDimensions ? (image, Int(height), Int(width)) : (image, Int(width), Int(height))
    }

    private func decodePNG(_ bytes: [UInt8]) throws -> RGBImage {
        guard let context = spng_ctx_new(0) else { throw ImageDecodingError.corrupt("libspng could not create a decoder") }
        defer { spng_ctx_free(context) }
        return try bytes.withUnsafeBufferPointer { buffer in
            guard spng_set_png_buffer(context, buffer.baseAddress, buffer.count) == 0 else { throw ImageDecodingError.corrupt("PNG buffer") }
            var header = spng_ihdr()
            guard spng_get_ihdr(context, &header) == 0 else { throw ImageDecodingError.corrupt("PNG header") }
            let width = Int(header.width), height = Int(header.height)
            let pixelCount = try ImageLimits.checkedPixelCount(width: width, height: height, maxPixels: maxPixels)
            var size = 0
            let format = Int32(SPNG_FMT_RGB8.rawValue)
            guard spng_decoded_image_size(context, format, &size) == 0, size == pixelCount * 3 else { throw ImageDecodingError.corrupt("PNG size") }
            var status: Int32 = 0
            let rgb = [UInt8](unsafeUninitializedCapacity: size) { out, initialized in
                status = spng_decode_image(context, out.baseAddress, size, format, 0)
                initialized = size
            }
            guard status == 0 else { throw ImageDecodingError.corrupt("PNG data: \(spng_strerror(status).map { String(cString: $0) } ?? "error")") }
            return RGBImage(width: width, height: height, pixels: rgb)
        }
    }
}

extension RGBImage {
    /// The picture as it should be shown, given the EXIF orientation of the stored pixels.
    func applying(_ orientation: ExifOrientation) -> RGBImage {
        if orientation == .up { return self }
        let w = width, h = height
        let outWidth = orientation.swapsDimensions ? h : w, outHeight = orientation.swapsDimensions ? w : h
        var output = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                let (sx, sy): (Int, Int)
                switch orientation {
                case .up: (sx, sy) = (x, y)
                case .upMirrored: (sx, sy) = (w - 1 - x, y)
                case .down: (sx, sy) = (w - 1 - x, h - 1 - y)
                case .downMirrored: (sx, sy) = (x, h - 1 - y)
                case .leftMirrored: (sx, sy) = (y, x)
                case .right: (sx, sy) = (y, h - 1 - x)
                case .rightMirrored: (sx, sy) = (w - 1 - y, h - 1 - x)
                case .left: (sx, sy) = (w - 1 - y, x)
                }
                for c in 0..<3 { output[(y * outWidth + x) * 3 + c] = pixels[(sy * w + sx) * 3 + c] }
            }
        }
        return RGBImage(width: outWidth, height: outHeight, pixels: output)
    }
}
