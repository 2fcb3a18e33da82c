import CSpng

/// Decodes PNG through libspng. Every PNG colour type and bit depth is expanded to 8-bit RGB
/// (alpha dropped, palette looked up, 16-bit samples reduced to their high byte, as cv2.imread
/// does for IMREAD_COLOR), then converted to luma like cvtColor.
enum PNGDecoder {
    static func decodeGray(_ bytes: [UInt8], maxPixels: Int) throws -> GrayImage {
        guard let context = spng_ctx_new(0) else {
            throw ImageDecodingError.corrupt("libspng could not create a decoder")
        }
        defer { spng_ctx_free(context) }

        return try bytes.withUnsafeBufferPointer { buffer in
            try check(spng_set_png_buffer(context, buffer.baseAddress, buffer.count), "PNG buffer")
            var header = spng_ihdr()
            try check(spng_get_ihdr(context, &header), "PNG header")
            let width = Int(header.width), height = Int(header.height)
            let pixelCount = try ImageLimits.checkedPixelCount(width: width, height: height, maxPixels: maxPixels)

            var decodedSize = 0
            let format = Int32(SPNG_FMT_RGB8.rawValue)
            try check(spng_decoded_image_size(context, format, &decodedSize), "PNG size")
            guard decodedSize == pixelCount * 3 else {
                throw ImageDecodingError.corrupt("PNG decoded size \(decodedSize) does not match \(width)×\(height) RGB")
            }
            var status: Int32 = 0
            let rgb = [UInt8](unsafeUninitializedCapacity: decodedSize) { out, initialized in
                status = spng_decode_image(context, out.baseAddress, decodedSize, format, 0)
                initialized = decodedSize   // discarded below unless the decode succeeded
            }
            try check(status, "PNG data")
            let gray = [UInt8](unsafeUninitializedCapacity: pixelCount) { out, initialized in
                rgb.withUnsafeBufferPointer { GrayConversion.convertRGB($0.baseAddress!, to: out.baseAddress!, pixelCount: pixelCount) }
                initialized = pixelCount
            }
            return GrayImage(width: width, height: height, pixels: gray)
        }
    }

    private static func check(_ status: Int32, _ stage: String) throws {
        guard status != 0 else { return }
        let text = spng_strerror(status).map { String(cString: $0) } ?? "error \(status)"
        throw ImageDecodingError.corrupt("\(stage): \(text)")
    }
}
