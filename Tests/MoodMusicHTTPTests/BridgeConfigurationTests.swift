import Testing
@testable import MoodMusicHTTP

@Suite struct BridgeConfigurationTests {
    @Test func listenAddresses() {
        #expect(BridgeConfiguration.parseListen("127.0.0.1:8080")! == ("127.0.0.1", 8080))
        #expect(BridgeConfiguration.parseListen("[::1]:80")! == ("::1", 80))
        #expect(BridgeConfiguration.parseListen("0.0.0.0:0")! == ("0.0.0.0", 0))
        for bad in ["8080", ":8080", "host:", "host:70000", "host:-1", "host:x"] {
            #expect(BridgeConfiguration.parseListen(bad) == nil, "\(bad)")
        }
    }

    @Test func routeLabelsAreBounded() {
        #expect(RouteLabel.forPath("/v1/recommendations") == "/v1/recommendations")
        #expect(RouteLabel.forPath("/random/\(Int.random(in: 0...1000))") == "other")
    }
}
