import Logging
@testable import MoodMusicTracing
import MoodMusicWire
import Testing

@Suite struct SpanExportTests {
    @Test func theFlagWinsThenTheTracesVariableThenTheBaseVariable() {
        let both = ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://base:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://t:1/x"]
        #expect(SpanExport.endpoint(flag: "http://flag:1", environment: both) == "http://flag:1")
        #expect(SpanExport.endpoint(flag: nil, environment: both) == "http://t:1/x")
        #expect(SpanExport.endpoint(flag: nil, environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://base:4318"]) == "http://base:4318")
        #expect(SpanExport.endpoint(flag: "", environment: [:]) == nil)
    }

    @Test func aBaseURLGetsTheTracesPath() {
        #expect(SpanExport.tracesURL("http://127.0.0.1:4318") == "http://127.0.0.1:4318/v1/traces")
        #expect(SpanExport.tracesURL("http://127.0.0.1:4318/") == "http://127.0.0.1:4318/v1/traces")
        #expect(SpanExport.tracesURL("http://c:4318/v1/traces") == "http://c:4318/v1/traces")
    }

    @Test func noEndpointBuildsNothing() throws {
        #expect(try SpanExport.start(serviceName: "t", endpoint: nil, logger: Logger(label: "t")) == nil)
    }

    /// The OTel-backed sink names the span swift-otel started: in the parent's trace, a new id.
    @Test func theOTelSinkNamesTheSpanItStartedInTheParentsTrace() throws {
        let export = try #require(try SpanExport.start(serviceName: "t", endpoint: "http://127.0.0.1:9", logger: Logger(label: "t")))
        defer { export.shutdown(timeoutSeconds: 2) }
        let parent = try #require(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        let span = export.sink.begin("s", parent: parent, startNs: 1_000)
        #expect(export.sink.isRecording)
        #expect(span.traceID == parent.traceID && span.parentID != parent.parentID)
        let root = export.sink.begin("r", parent: nil, startNs: 1_000)
        #expect(root.traceID != parent.traceID)
        export.sink.finish(SpanRecord(name: "s", context: span, parentID: parent.parentID, startNs: 1_000, endNs: 2_000))
        export.sink.finish(SpanRecord(name: "r", context: root, parentID: nil, startNs: 1_000, endNs: 2_000))
    }
}
