/// The shape of one image's feature map, height × width × channels (NHWC without the batch axis).
struct FeatureShape: Sendable, Equatable, CustomStringConvertible {
    let height: Int
    let width: Int
    let channels: Int

    var count: Int { height * width * channels }
    var description: String { "\(height)×\(width)×\(channels)" }
}
