// libFuzzer target: the JPEG (libjpeg-turbo) and PNG (libspng) decoders of MoodMusicVision/Image,
// compiled into one module with those sources by scripts/fuzz-libfuzzer.
// Every decode path the workers use must return an image or throw ImageDecodingError.

private let grayDecoder = ImageDecoder(maxPixels: 1_000_000)
private let rgbDecoder = RGBImageDecoder(maxPixels: 1_000_000)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    checkDecoded(try grayDecoder.decodeGray(bytes), bytes: bytes)
    checkDecoded(try rgbDecoder.decodeLuma(bytes), bytes: bytes)
    if let image = try? rgbDecoder.decode(bytes, minimumSide: 128) {
        precondition(image.pixels.count == image.width * image.height * 3, "RGB buffer does not match its size")
    }
    return 0
}

private func checkDecoded(_ decode: @autoclosure () throws -> GrayImage, bytes: [UInt8]) {
    do {
        let image = try decode()
        precondition(image.width > 0 && image.height > 0 && image.width * image.height <= 1_000_000, "decoded size out of bounds")
        precondition(image.pixels.count == image.width * image.height, "gray buffer does not match its size")
    } catch is ImageDecodingError {
    } catch {
        preconditionFailure("decoder threw something other than ImageDecodingError: \(error)")
    }
}
