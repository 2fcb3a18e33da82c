import MoodMusicProcess
import MoodMusicProtos
import MoodMusicTransport
import MoodMusicWire

/// Answers Health.Check from what the broker knows about its workers.
struct HealthReport {
    struct ServiceState {
        var liveWorkers = 0
        var queued = 0
        var inFlight = 0
    }

    let states: [String: ServiceState]

    func response(for request: Moodmusic_V1_HealthCheckRequest) throws(RPCError) -> Moodmusic_V1_HealthCheckResponse {
        var response = Moodmusic_V1_HealthCheckResponse()
        if request.service.isEmpty {
            response.services = Contract.workerServices.map(entry)
            let required = response.services.filter { !Contract.optionalWorkerServices.contains($0.service) }
            response.status = required.allSatisfy { $0.status == .serving } ? .serving : .notServing
            return response
        }
        if Contract.gatewayServices.contains(request.service) {
            response.status = .serving
            if request.service == Contract.Services.moodMusic {
                // RecommendForImage needs both kinds of worker.
                let needed = [Contract.Services.emotion, Contract.Services.recommender].map(entry)
                response.services = needed
                response.status = needed.allSatisfy { $0.status == .serving } ? .serving : .notServing
            }
            return response
        }
        guard Contract.workerServices.contains(request.service) else {
            throw RPCError(.notFound, "unknown service '\(request.service)'; known: \((Contract.workerServices + Contract.gatewayServices).joined(separator: ", "))")
        }
        let one = entry(request.service)
        response.status = one.status
        response.services = [one]
        return response
    }

    private func entry(_ service: String) -> Moodmusic_V1_ServiceHealth {
        let state = states[service] ?? ServiceState()
        var health = Moodmusic_V1_ServiceHealth()
        health.service = service
        health.status = state.liveWorkers > 0 ? .serving : .notServing
        health.liveWorkers = UInt32(state.liveWorkers)
        health.queued = UInt32(state.queued)
        health.inFlight = UInt32(state.inFlight)
        return health
    }
}
