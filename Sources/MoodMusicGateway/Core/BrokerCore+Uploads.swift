import Foundation
import MoodMusicProtos
import MoodMusicWire

/// An upload is named by the client's connection and the id it chose.
struct UploadKey: Hashable {
    let client: ClientAddress
    let uploadID: UInt64
}

/// A client-streaming upload being assembled: the bytes so far and what the first chunk said.
struct VideoUpload {
    let method: MethodDescriptor
    let header: Moodmusic_V1_RequestHeader
    let options: Moodmusic_V1_VideoOptions?
    let recommend: Moodmusic_V1_RecommendRequest?
    let receivedNs: Int64
    /// The whole call's deadline, counted from the first chunk.
    let deadlineNs: Int64
    var bytes: [UInt8]
}

/// Client-streaming calls (docs/protocol.md): the gateway appends each chunk to its upload and
/// acks it; the last chunk turns the upload into one ordinary job for a video worker, answered
/// on the last chunk's request id. The bytes count against the video service's byte budget while
/// they are assembled, so uploads share the gateway's memory bound with every other call.
extension BrokerCore {
    mutating func receiveChunk(client: ClientAddress, method: MethodDescriptor, request: ClientEnvelope.Request,
                               nowNs: Int64, deadlineNs: Int64) {
        let requestID = request.header.requestID
        let reply = { (core: inout BrokerCore, result: Result<[UInt8], RPCError>) in
            core.answer(client: client, requestID: requestID, method: method.path, receivedNs: nowNs, nowNs: nowNs, result)
        }
        guard let chunk = try? Moodmusic_V1_VideoUploadChunk(serializedBytes: request.payload) else {
            return reply(&self, .failure(.invalidArgument("payload is not a valid VideoUploadChunk protobuf")))
        }
        guard chunk.uploadID != 0 else { return reply(&self, .failure(.invalidArgument("upload_id must not be 0"))) }
        let key = UploadKey(client: client, uploadID: chunk.uploadID)
        if chunk.offset == 0 {
            if uploads[key] != nil {
                dropUpload(key)
                return reply(&self, .failure(RPCError(.alreadyExists, "upload \(chunk.uploadID) is already open on this connection; it was dropped")))
            }
            if let error = openUpload(key, method: method, header: request.header, chunk: chunk, nowNs: nowNs, deadlineNs: deadlineNs) {
                return reply(&self, .failure(error))
            }
        }
        guard var upload = uploads[key], upload.method == method else {
            return reply(&self, .failure(RPCError(.notFound, "no open upload \(chunk.uploadID) for \(method.path): never started at offset 0, failed, or its deadline passed")))
        }
        guard chunk.offset == UInt64(upload.bytes.count) else {
            dropUpload(key)
            return reply(&self, .failure(.invalidArgument("chunk offset \(chunk.offset) but \(upload.bytes.count) bytes were received; upload \(chunk.uploadID) dropped")))
        }
        let (total, overflow) = upload.bytes.count.addingReportingOverflow(chunk.data.count)
        if overflow || total > configuration.maxVideoBytes {
            dropUpload(key)
            return reply(&self, .failure(RPCError(.resourceExhausted, "the video is over the limit of \(configuration.maxVideoBytes) bytes; upload dropped")))
        }
        if let error = heldBytesError(adding: chunk.data.count) {
            dropUpload(key)
            return reply(&self, .failure(error))
        }
        uploads[key] = nil  // keeps the array uniquely referenced while it grows
        upload.bytes.append(contentsOf: chunk.data)
        hold(chunk.data.count, in: Contract.Services.video)
        uploads[key] = upload
        guard chunk.last else {
            var ack = Moodmusic_V1_VideoUploadAck()
            ack.uploadID = chunk.uploadID
            ack.receivedBytes = UInt64(upload.bytes.count)
            return reply(&self, .success((try? ack.serializedBytes()) ?? []))
        }
        finishUpload(key, requestID: requestID, nowNs: nowNs)
    }

    /// Checks the first chunk and records the upload; the error to answer with when it cannot open.
    private mutating func openUpload(_ key: UploadKey, method: MethodDescriptor, header: Moodmusic_V1_RequestHeader,
                                     chunk: Moodmusic_V1_VideoUploadChunk, nowNs: Int64, deadlineNs: Int64) -> RPCError? {
        if chunk.totalBytes > UInt64(configuration.maxVideoBytes) {
            return RPCError(.resourceExhausted, "the video is \(chunk.totalBytes) bytes; the limit is \(configuration.maxVideoBytes)")
        }
        guard uploads.count < configuration.maxOpenUploads else {
            return RPCError(.resourceExhausted, "\(configuration.maxOpenUploads) uploads are open; retry with backoff")
        }
        if !header.waitForReady && !hasLiveWorker(pool: Contract.Services.video) {
            return .unavailable("no live worker serves \(Contract.Services.video)")
        }
        uploads[key] = VideoUpload(method: method, header: header, options: chunk.hasOptions ? chunk.options : nil,
                                   recommend: chunk.hasRecommend ? chunk.recommend : nil,
                                   receivedNs: nowNs, deadlineNs: deadlineNs, bytes: [])
        return nil
    }

    private func heldBytesError(adding bytes: Int) -> RPCError? {
        let held = services[Contract.Services.video]!.heldBytes
        if held + bytes > configuration.maxHeldBytesPerService {
            return RPCError(.resourceExhausted, "\(Contract.Services.video) holds \(held) bytes; the budget is \(configuration.maxHeldBytesPerService); retry with backoff")
        }
        if heldBytes + bytes > configuration.maxHeldBytesTotal {
            return RPCError(.resourceExhausted, "the gateway holds \(heldBytes) bytes of calls; the budget is \(configuration.maxHeldBytesTotal); retry with backoff")
        }
        return nil
    }

    /// The upload becomes one job for a video worker, with the upload's deadline.
    private mutating func finishUpload(_ key: UploadKey, requestID: UInt64, nowNs: Int64) {
        guard let upload = dropUpload(key) else { return }
        var request = Moodmusic_V1_AnalyzeVideoRequest()
        request.video = Data(upload.bytes)
        if let options = upload.options { request.options = options }
        if let recommend = upload.recommend { request.recommend = recommend }
        let result: Result<[UInt8], RPCError>
        if let payload: [UInt8] = try? request.serializedBytes() {
            let origin = JobOrigin.client(key.client, requestID: requestID)
            // The token lets the video worker's frames be counted for VideoProgress.Get.
            let token = progress.open(key)
            var header = upload.header
            header.metadata[Contract.videoProgressMetadataKey] = String(token)
            guard let error = submit(origin: origin, method: upload.method, header: header, payload: payload,
                                     receivedNs: upload.receivedNs, deadlineNs: upload.deadlineNs, nowNs: nowNs) else { return }
            progress.close(token: token)
            result = .failure(error)
        } else {
            result = .failure(.internalError("cannot encode AnalyzeVideoRequest"))
        }
        answer(client: key.client, requestID: requestID, method: upload.method.path, receivedNs: upload.receivedNs, nowNs: nowNs, result)
    }

    /// Forgets an upload and releases its bytes.
    @discardableResult
    mutating func dropUpload(_ key: UploadKey) -> VideoUpload? {
        guard let upload = uploads.removeValue(forKey: key) else { return nil }
        release(upload.bytes.count, in: Contract.Services.video)
        return upload
    }

    /// Uploads whose deadline passed before their last chunk are dropped; a later chunk gets NOT_FOUND.
    mutating func expireUploads(nowNs: Int64) {
        let expired = uploads.filter { $0.value.deadlineNs <= nowNs }.keys
        for key in expired {
            dropUpload(key)
            log(.info, "upload dropped at its deadline", ["upload_id": "\(key.uploadID)"])
        }
    }

    /// Bytes held by uploads being assembled (for tests and gauges).
    public var uploadBytes: Int { uploads.values.reduce(0) { $0 + $1.bytes.count } }
    public var openUploads: Int { uploads.count }
}
