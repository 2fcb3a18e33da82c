import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicTesting
import Testing

/// loadgen against a real gateway and echo worker: its reports must be complete and parseable.
@Suite("loadgen", .serialized)
struct LoadGenTests {
    @Test("closed loop: the summary and the JSON report count every call")
    func closedLoop() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        try cluster.startWorker("echo", name: "echo-lg")
        try cluster.waitUntilServing(Contract.Services.diagnostics)

        let summary = try cluster.loadgen(["--mix", "echo", "-c", "8", "-n", "300"])
        #expect(summary.status == 0, "\(summary.output)")
        for heading in ["Summary:", "Count:        300", "Requests/sec:", "Response time histogram:", "Latency distribution:", "99.9 % in", "[OK]   300 responses"] {
            #expect(summary.output.contains(heading), "missing \(heading) in\n\(summary.output)")
        }

        let json = try cluster.loadgen(["--mix", "echo", "-c", "4", "-n", "200", "--format", "json"])
        #expect(json.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(report?["count"] as? Int == 200)
        #expect((report?["status_codes"] as? [String: Int])?["OK"] == 200)
        let percentiles = (report?["latency_ms"] as? [String: Any])?["percentiles"] as? [String: Double]
        #expect(Set(percentiles?.keys.map { $0 } ?? []) == ["p10", "p25", "p50", "p75", "p90", "p95", "p99", "p99.9"])
        #expect((percentiles?["p10"] ?? -1) <= (percentiles?["p99"] ?? -2))
    }

    @Test("open loop with a duration, and failures counted by status code")
    func openLoopAndErrors() throws {
        let cluster = try TestCluster()
        defer { cluster.stop() }
        // No recommender worker: every recommend call is UNAVAILABLE, and the report says so.
        let run = try cluster.loadgen(["--mix", "recommend", "--rate", "100", "-z", "1", "--format", "json"])
        #expect(run.status == 0, "\(run.output)")
        let report = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        let count = report?["count"] as? Int ?? 0
        #expect(count >= 80 && count <= 110, "open loop at 100/s for 1 s sent \(count)")
        #expect((report?["status_codes"] as? [String: Int])?["UNAVAILABLE"] == count)

        let csv = try cluster.loadgen(["--mix", "recommend", "-n", "3", "--format", "csv"])
        #expect(csv.output.split(separator: "\n").first == "method,status,latency_ms")
        #expect(csv.output.split(separator: "\n").filter { $0.hasPrefix("recommend,UNAVAILABLE,") }.count == 3)

        let bad = try cluster.loadgen(["--mix", "nonsense", "-n", "1"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("unknown method 'nonsense'"))
    }
}
