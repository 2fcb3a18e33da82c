import MoodMusicProtos
import MoodMusicWire

/// RecommendForImage: the gateway runs `ImageRecommendationFlow`, which decides each call.
extension BrokerCore {
    mutating func startFlow(client: ClientAddress, request: ClientEnvelope.Request, nowNs: Int64, deadlineNs: Int64) {
        let requestID = request.header.requestID
        do {
            let flow = try ImageRecommendationFlow(payload: request.payload)
            if !request.header.waitForReady {
                let missing = [Contract.Services.emotion, Contract.Services.recommender].filter { service in
                    liveWorkerCount(serving: service) == 0
                }
                guard missing.isEmpty else { throw RPCError.unavailable("no live worker serves \(missing.joined(separator: " or "))") }
            }
            let id = nextID
            nextID += 1
            var header = request.header
            let callParentID = beginCallSpan(&header, method: Contract.recommendForImage, nowNs: nowNs)
            flows[id] = FlowRecord(flow: flow, client: client, requestID: requestID, receivedNs: nowNs,
                                   header: header, deadlineNs: deadlineNs, callParentID: callParentID)
            execute(flowID: id, step: try flow.start(), nowNs: nowNs)
        } catch let error as RPCError {
            answer(client: client, requestID: requestID, method: Contract.recommendForImage.path, receivedNs: nowNs, nowNs: nowNs, .failure(error))
        } catch {
            answer(client: client, requestID: requestID, method: Contract.recommendForImage.path, receivedNs: nowNs, nowNs: nowNs,
                   .failure(.internalError("\(error)")))
        }
    }

    mutating func advanceFlow(_ flowID: UInt64, code: StatusCode, message: String, payload: [UInt8], nowNs: Int64) {
        guard var entry = flows[flowID] else { return }
        let step = entry.flow.advance(code: code, message: message, payload: payload)
        flows[flowID] = entry
        execute(flowID: flowID, step: step, nowNs: nowNs)
    }

    mutating func execute(flowID: UInt64, step: ImageRecommendationFlow.Step, nowNs: Int64) {
        guard let entry = flows[flowID] else { return }
        switch step {
        case .call(let method, let payload):
            if let error = submit(origin: .flow(id: flowID), method: method, header: entry.header, payload: payload,
                                  receivedNs: entry.receivedNs, deadlineNs: entry.deadlineNs, nowNs: nowNs) {
                execute(flowID: flowID, step: .finish(.failure(error)), nowNs: nowNs)
            }
        case .finish(let result):
            flows[flowID] = nil
            let code: StatusCode
            let message: String
            switch result {
            case .success: (code, message) = (.ok, "")
            case .failure(let error): (code, message) = (error.code, error.message)
            }
            endCallSpan(header: entry.header, parentID: entry.callParentID, method: Contract.recommendForImage,
                        startNs: entry.receivedNs, nowNs: nowNs, code: code, message: message)
            answer(client: entry.client, requestID: entry.requestID, method: Contract.recommendForImage.path,
                   receivedNs: entry.receivedNs, nowNs: nowNs, result)
        }
    }
}
