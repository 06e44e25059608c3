/**
 * The static compression tables of the rtcstats file format 3 (rtcstats-shared/compression.js):
 * numeric method ids, numeric stats types and numeric stats property keys, with their decoders.
 * Numbers are never reused upstream, so unknown keys are passed through unchanged.
 */

const METHODS: Record<string, string> = {
  g: 'getStats', 1: 'getStats',
  2: 'createOffer', 3: 'createOfferOnSuccess', 12: 'createOfferOnFailure',
  4: 'createAnswer', 5: 'createAnswerOnSuccess', 13: 'createAnswerOnFailure',
  6: 'setLocalDescription', 7: 'setLocalDescriptionOnSuccess', 14: 'setLocalDescriptionOnFailure',
  8: 'setRemoteDescription', 9: 'setRemoteDescriptionOnSuccess', 15: 'setRemoteDescriptionOnFailure',
  10: 'addIceCandidate', 11: 'addIceCandidateOnSuccess', 16: 'addIceCandidateOnFailure',
  20: 'onicecandidate', 21: 'onicecandidateerror', 22: 'ontrack', 23: 'onsignalingstatechange',
  24: 'oniceconnectionstatechange', 25: 'onconnectionstatechange', 26: 'onicegatheringstatechange',
  27: 'onnegotiationneeded', 28: 'ondatachannel',
  30: 'addTrack', 31: 'addTrackOnSuccess', 32: 'addTransceiver', 33: 'addTransceiverOnSuccess', 34: 'removeTrack',
  35: 'createDataChannel', 36: 'close', 37: 'restartIce', 38: 'setConfiguration', 39: 'create', 40: 'constraints',
  41: 'setCodecPreferences', 42: 'setHeaderExtensionsToNegotiate', 50: 'setParameters', 51: 'replaceTrack',
  60: 'navigator.mediaDevices.getUserMedia', 61: 'navigator.mediaDevices.getUserMediaOnSuccess',
  65: 'navigator.mediaDevices.getUserMediaOnFailure', 63: 'navigator.mediaDevices.getDisplayMedia',
  64: 'navigator.mediaDevices.getDisplayMediaOnSuccess', 66: 'navigator.mediaDevices.enumerateDevices',
  67: 'navigator.mediaDevices.ondevicechange', 68: 'navigator.mediaDevices.getDisplayMediaOnFailure',
  70: 'MediaStreamTrack.stop', 71: 'MediaStreamTrack.applyConstraints', 72: 'MediaStreamTrack.onended',
  73: 'MediaStreamTrack.onmute', 74: 'MediaStreamTrack.onunmute', 80: 'HTMLMediaElement.resize',
}

const STATS_TYPES: Record<string, string> = {
  1: 'inbound-rtp', 2: 'outbound-rtp', 3: 'remote-inbound-rtp', 4: 'remote-outbound-rtp', 5: 'transport',
  6: 'candidate-pair', 7: 'local-candidate', 8: 'remote-candidate', 9: 'data-channel', 10: 'peer-connection',
  11: 'certificate', 12: 'media-source', 13: 'media-playout', 14: 'codec',
}

/** Property names in table order, starting at key 4 (holes are ids upstream never assigned). */
const PROPERTY_NAMES_FROM_4 = [
  'payloadType', 'transportId', 'mimeType', 'clockRate', 'channels', 'sdpFmtpLine', 'ssrc', 'kind', 'codecId', '',
  'packetsReceived', 'packetsLost', 'jitter', 'trackIdentifier', 'mid', 'remoteId', 'framesDecoded', 'keyFramesDecoded',
  'framesDropped', 'frameWidth', 'frameHeight', 'framesPerSecond', 'qpSum', 'totalDecodeTime', 'totalInterFrameDelay',
  'totalSquaredInterFrameDelay', 'pauseCount', 'totalPausesDuration', 'freezeCount', 'totalFreezesDuration',
  'lastPacketReceivedTimestamp', 'headerBytesReceived', 'packetsDiscarded', 'fecPacketsReceived', 'fecPacketsDiscarded',
  'fecBytesReceived', 'fecSsrc', 'bytesReceived', 'nackCount', 'firCount', 'pliCount', 'totalProcessingDelay',
  'estimatedPlayoutTimestamp', 'jitterBufferDelay', 'jitterBufferTargetDelay', 'jitterBufferEmittedCount',
  'jitterBufferMinimumDelay', 'totalSamplesReceived', 'concealedSamples', 'silentConcealedSamples', 'concealmentEvents',
  'insertedSamplesForDeceleration', 'removedSamplesForAcceleration', 'audioLevel', 'totalAudioEnergy',
  'totalSamplesDuration', 'framesReceived', 'decoderImplementation', 'playoutId', 'powerEfficientDecoder',
  'framesAssembledFromMultiplePackets', 'totalAssemblyTime', 'contentType', 'googTimingFrameInfo',
  'retransmittedPacketsReceived', 'retransmittedBytesReceived', 'rtxSsrc', 'totalCorruptionProbability',
  'totalSquaredCorruptionProbability', 'corruptionMeasurements', 'localId', 'roundTripTime', 'totalRoundTripTime',
  'fractionLost', 'roundTripTimeMeasurements', 'packetsSent', 'bytesSent', 'mediaSourceId', 'rid', 'encodingIndex',
  'headerBytesSent', 'retransmittedPacketsSent', 'retransmittedBytesSent', 'targetBitrate', 'totalEncodedBytesTarget',
  'framesSent', 'hugeFramesSent', 'framesEncoded', 'keyFramesEncoded', 'totalEncodeTime', 'totalPacketSendDelay',
  'qualityLimitationReason', 'qualityLimitationDurations', 'qualityLimitationResolutionChanges',
  'encoderImplementation', 'powerEfficientEncoder', 'active', 'scalabilityMode', 'remoteTimestamp', 'reportsSent',
  'echoReturnLoss', 'echoReturnLossEnhancement', 'width', 'height', 'frames', 'synthesizedSamplesDuration',
  'synthesizedSamplesEvents', 'totalPlayoutDelay', 'totalSamplesCount', 'dataChannelsOpened', 'dataChannelsClosed',
  'label', 'protocol', 'dataChannelIdentifier', 'state', 'messagesSent', 'messagesReceived', 'iceRole',
  'iceLocalUsernameFragment', 'dtlsState', 'iceState', 'selectedCandidatePairId', 'localCertificateId',
  'remoteCertificateId', 'tlsVersion', 'dtlsCipher', 'dtlsRole', 'srtpCipher', 'selectedCandidatePairChanges',
  'rtcpTransportStatsId', 'address', 'port', 'candidateType', 'priority', 'url', 'relayProtocol', 'foundation',
  'relatedAddress', 'relatedPort', 'usernameFragment', 'tcpType', 'networkType', '', '', 'localCandidateId',
  'remoteCandidateId', 'nominated', 'lastPacketSentTimestamp', 'currentRoundTripTime', 'availableOutgoingBitrate',
  'availableIncomingBitrate', 'requestsReceived', 'requestsSent', 'responsesReceived', 'responsesSent',
  'consentRequestsSent', 'packetsDiscardedOnSend', 'bytesDiscardedOnSend', '', 'fingerprint', 'fingerprintAlgorithm',
  'base64Certificate', 'issuerCertificateId', 'psnrMeasurements', 'psnrSum', 'packetsReceivedWithEct1',
  'packetsReceivedWithCe', 'packetsReportedAsLost', 'packetsReportedAsLostButRecovered',
  'packetsWithBleachedEct1Marking', 'packetsSentWithEct1', 'ccfbMessagesSent', 'ccfbMessagesReceived',
]

const PROPERTIES: Record<string, string> = { t: 'timestamp' }
PROPERTY_NAMES_FROM_4.forEach((name, i) => {
  if (name) PROPERTIES[String(i + 4)] = name
})

/** The method name for a compressed method id (`'g'`, `1`, `24`...); names pass through. */
export function decompressMethod(method: unknown): string {
  const key = String(method)
  return METHODS[key] ?? key
}

/** The stats type for a compressed type id; names pass through. */
export function decompressStatsType(type: unknown): unknown {
  return (typeof type === 'number' || typeof type === 'string') && STATS_TYPES[String(type)] ? STATS_TYPES[String(type)] : type
}

/** The property name for a compressed property key (`'t'` -> timestamp, `'41'` -> bytesReceived). */
export function decompressStatsProperty(key: string): string {
  return PROPERTIES[key] ?? key
}

/** True for a method that belongs to the getUserMedia / getDisplayMedia family. */
export function isMediaDevicesMethod(method: string): boolean {
  return /^(navigator\.mediaDevices\.|navigator\.)?(getUserMedia|getDisplayMedia|webkitGetUserMedia|mozGetUserMedia)/.test(method)
}

/** Standard API names (and common pre-spec / Chrome-only ones) that are not application-specific. */
const KNOWN_METHODS = new Set([
  ...Object.values(METHODS), 'getstats', 'addStream', 'removeStream', 'onaddstream', 'onremovestream',
  'transceiverAdded', 'transceiverModified', 'ondtlsstatechange', 'legacyiceconnectionstatechange',
  'connectionInfo', 'identity', 'logs',
])

/** True for a PeerConnection / media API name; false for application-specific records (jitsi's setVideoType...). */
export function isKnownMethod(method: string): boolean {
  return KNOWN_METHODS.has(method) || isMediaDevicesMethod(method)
}
