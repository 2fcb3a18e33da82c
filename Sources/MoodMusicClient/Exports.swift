// A client needs the messages, the vocabulary, the status codes and the method table, and
// nothing of the transport, the broker or process support.
@_exported import MoodMusicProtos
@_exported import MoodMusicVocabulary
@_exported import struct MoodMusicWire.RPCError
@_exported import typealias MoodMusicWire.StatusCode
@_exported import struct MoodMusicWire.MethodDescriptor
@_exported import enum MoodMusicWire.Contract
@_exported import enum MoodMusicTransport.SocketSecurity
@_exported import struct MoodMusicTransport.CurveKeyPair
