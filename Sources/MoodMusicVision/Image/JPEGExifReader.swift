/// Finds the EXIF orientation in a JPEG's APP1 segment, walking the marker segments up to the
/// first scan. Anything malformed yields nil (treated as "up"): a broken EXIF block must not
/// make an otherwise decodable photo fail.
enum JPEGExifReader {
    private static let orientationTag: UInt16 = 0x0112
    private static let shortType: UInt16 = 3

    static func orientation(in jpeg: [UInt8]) -> ExifOrientation? {
        guard jpeg.count >= 4, jpeg[0] == 0xFF, jpeg[1] == 0xD8 else { return nil }
        var position = 2
        while position + 4 <= jpeg.count {
            guard jpeg[position] == 0xFF else { return nil }
            let marker = jpeg[position + 1]
            if marker == 0xFF { position += 1; continue }           // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) {
                position += 2; continue                              // stand-alone markers
            }
            if marker == 0xDA || marker == 0xD9 { return nil }       // scan data or end: no EXIF before it
            let length = Int(jpeg[position + 2]) << 8 | Int(jpeg[position + 3])
            guard length >= 2, position + 2 + length <= jpeg.count else { return nil }
            let payload = (position + 4)..<(position + 2 + length)
            if marker == 0xE1, let found = orientation(inApp1: jpeg, payload: payload) {
                return found
            }
            position += 2 + length
        }
        return nil
    }

    private static func orientation(inApp1 bytes: [UInt8], payload: Range<Int>) -> ExifOrientation? {
        let exifHeader: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]   // "Exif\0\0"
        guard payload.count >= exifHeader.count + 8,
              bytes[payload.lowerBound..<(payload.lowerBound + 6)].elementsEqual(exifHeader) else { return nil }
        let tiff = payload.lowerBound + 6
        let tiffEnd = payload.upperBound
        let littleEndian: Bool
        switch (bytes[tiff], bytes[tiff + 1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func u16(_ at: Int) -> UInt16? {
            guard at >= tiff, at + 2 <= tiffEnd else { return nil }
            let a = UInt16(bytes[at]), b = UInt16(bytes[at + 1])
            return littleEndian ? (b << 8 | a) : (a << 8 | b)
        }
        func u32(_ at: Int) -> UInt32? {
            guard let low = u16(littleEndian ? at : at + 2), let high = u16(littleEndian ? at + 2 : at) else { return nil }
            return UInt32(high) << 16 | UInt32(low)
        }
        guard u16(tiff + 2) == 42, let ifdOffset = u32(tiff + 4) else { return nil }
        let ifd = tiff + Int(ifdOffset)
        guard let entryCount = u16(ifd) else { return nil }
        for entry in 0..<Int(entryCount) {
            let at = ifd + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            guard tag == orientationTag else { continue }
            guard u16(at + 2) == shortType, let value = u16(at + 8) else { return nil }
            return ExifOrientation(rawValue: Int(value))
        }
        return nil
    }
}
