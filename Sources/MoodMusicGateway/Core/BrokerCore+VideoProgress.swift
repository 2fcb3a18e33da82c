import MoodMusicProtos
import MoodMusicWire

/// `VideoProgress.Get` and the counting behind it (VideoProgressTable).
extension BrokerCore {
    func videoProgress(client: ClientAddress, payload: [UInt8]) -> Result<[UInt8], RPCError> {
        guard let request = try? Moodmusic_V1_VideoProgressRequest(serializedBytes: payload) else {
            return .failure(.invalidArgument("payload is not a valid VideoProgressRequest protobuf"))
        }
        let key = UploadKey(client: client, uploadID: request.uploadID)
        var response = Moodmusic_V1_VideoProgressResponse()
        response.uploadID = request.uploadID
        if uploads[key] != nil {
            response.uploading = true
        } else if let counts = progress.counts(for: key) {
            response.framesDecoded = counts.decoded
            response.framesAnalysed = counts.analysed
        } else {
            return .failure(RPCError(.notFound, "no video call \(request.uploadID) in progress on this connection"))
        }
        return (try? response.serializedBytes()).map { .success($0) } ?? .failure(.internalError("cannot encode VideoProgressResponse"))
    }

    /// A client call was queued: a frame of a video call counts as sent.
    mutating func countVideoFrameSent(method: MethodDescriptor, header: Moodmusic_V1_RequestHeader) {
        guard method == Contract.detectEmotions, let token = VideoProgressTable.token(in: header.metadata) else { return }
        progress.frameSent(token: token)
    }

    /// A job was answered: a frame counts as analysed; a video job's record closes.
    mutating func countVideoJobAnswered(_ job: Job) {
        // The method first: most jobs are neither, and the metadata lookup hashes its key.
        let isFrame = job.method == Contract.detectEmotions
        guard isFrame || Contract.uploadMethods.contains(job.method), let token = VideoProgressTable.token(in: job.header.metadata) else { return }
        if isFrame {
            progress.frameAnswered(token: token)
        } else {
            progress.close(token: token)
        }
    }
}
