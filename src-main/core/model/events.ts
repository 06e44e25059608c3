/**
 * The event catalog: the typed events parsers emit, grouped into lanes of the timeline.
 * Unknown types are allowed (a format may know more), they land in the `other` lane.
 */

export type EventLane = 'connection' | 'media' | 'device' | 'sdk' | 'network' | 'other'

export interface EventDef { type: string; lane: EventLane; label: { en: string; zh: string } }

const defs: EventDef[] = [
  e('pc.created', 'connection', 'Peer connection created', '创建 PeerConnection'),
  e('pc.state', 'connection', 'Connection state', '连接状态'),
  e('pc.closed', 'connection', 'Peer connection closed', '关闭 PeerConnection'),
  e('ice.state', 'connection', 'ICE connection state', 'ICE 连接状态'),
  e('ice.gathering', 'connection', 'ICE gathering state', 'ICE 候选收集状态'),
  e('ice.candidate', 'connection', 'ICE candidate', 'ICE 候选'),
  e('ice.candidate-error', 'connection', 'ICE candidate error', 'ICE 候选错误'),
  e('ice.restart', 'connection', 'ICE restart', 'ICE 重启'),
  e('ice.pair-changed', 'connection', 'Selected candidate pair changed', '选中候选对变化'),
  e('dtls.state', 'connection', 'DTLS state', 'DTLS 状态'),
  e('signaling.state', 'connection', 'Signaling state', '信令状态'),
  e('sdp.local', 'connection', 'Local description set', '设置本地 SDP'),
  e('sdp.remote', 'connection', 'Remote description set', '设置远端 SDP'),
  e('sdp.error', 'connection', 'SDP / negotiation failure', 'SDP 协商失败'),
  e('reconnect', 'connection', 'Reconnect', '重连'),
  e('gum.request', 'device', 'getUserMedia request', 'getUserMedia 请求'),
  e('gum.success', 'device', 'getUserMedia success', 'getUserMedia 成功'),
  e('gum.error', 'device', 'getUserMedia / permission error', 'getUserMedia/权限错误'),
  e('device.change', 'device', 'Device change', '设备变更'),
  e('track.added', 'media', 'Track added', '添加轨道'),
  e('track.ended', 'media', 'Track ended', '轨道结束'),
  e('track.mute', 'media', 'Track muted', '轨道静音'),
  e('track.unmute', 'media', 'Track unmuted', '轨道取消静音'),
  e('codec.change', 'media', 'Codec / implementation change', '编解码器/实现变化'),
  e('quality-limitation.change', 'media', 'Quality limitation changed', '质量受限原因变化'),
  e('layer.change', 'media', 'Simulcast / SVC layer change', 'Simulcast/SVC 分层切换'),
  e('sdk.join', 'sdk', 'Joined channel', '加入频道'),
  e('sdk.join-failed', 'sdk', 'Join failed', '加入频道失败'),
  e('sdk.leave', 'sdk', 'Left channel', '离开频道'),
  e('sdk.error', 'sdk', 'SDK error code', 'SDK 错误码'),
  e('sdk.warning', 'sdk', 'SDK warning code', 'SDK 警告码'),
  e('sdk.state', 'sdk', 'SDK connection state', 'SDK 连接状态'),
  e('log.error', 'sdk', 'Error logged', '日志错误'),
  e('network.type', 'network', 'Network type', '网络类型'),
  e('network.switch', 'network', 'Network switch', '网络切换'),
  e('stun', 'network', 'STUN/TURN exchange', 'STUN/TURN 交互'),
  e('dtls.handshake', 'network', 'DTLS handshake', 'DTLS 握手'),
  e('rtp.gap', 'network', 'RTP gap', 'RTP 中断'),
]

function e(type: string, lane: EventLane, en: string, zh: string): EventDef {
  return { type, lane, label: { en, zh } }
}

export const EVENT_TYPES: ReadonlyMap<string, EventDef> = new Map(defs.map((d) => [d.type, d]))

export function eventDef(type: string): EventDef {
  return EVENT_TYPES.get(type) ?? { type, lane: 'other', label: { en: type, zh: type } }
}
