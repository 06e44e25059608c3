/**
 * The root-cause taxonomy annotations are filed under: groups and categories with labels in both
 * UI languages. It is a setting (editable); this is the default. Category ids are stable strings
 * (`group.name`) that annotations keep even when a label changes or a category is retired.
 */

export interface Label { en: string; zh: string }
export interface RootCauseGroup { id: string; label: Label }
export interface RootCauseCategory { id: string; group: string; label: Label }
export interface Taxonomy { groups: RootCauseGroup[]; categories: RootCauseCategory[] }

const g = (id: string, en: string, zh: string): RootCauseGroup => ({ id, label: { en, zh } })
const c = (group: string, name: string, en: string, zh: string): RootCauseCategory => ({ id: `${group}.${name}`, group, label: { en, zh } })

export const DEFAULT_TAXONOMY: Taxonomy = {
  groups: [
    g('network', 'Network', '网络'), g('device', 'Device', '设备'), g('codec', 'Codec / configuration', '编解码 / 配置'),
    g('app', 'App integration', '应用集成'), g('service', 'Service side', '服务端'), g('env', 'User environment', '用户环境'),
    g('other', 'Other', '其他'),
  ],
  categories: [
    c('network', 'uplink-congestion', 'Uplink congestion', '上行拥塞'),
    c('network', 'downlink-congestion', 'Downlink congestion', '下行拥塞'),
    c('network', 'loss-burst', 'Packet-loss burst', '突发丢包'),
    c('network', 'high-rtt', 'High RTT / cross-border route', '高 RTT / 跨境路由'),
    c('network', 'nat-firewall', 'NAT / firewall traversal', 'NAT / 防火墙穿透'),
    c('network', 'turn-relay', 'TURN relay', 'TURN 中继'),
    c('device', 'cpu-overload', 'CPU overload', 'CPU 过载'),
    c('device', 'thermal', 'Thermal throttling', '发热降频'),
    c('device', 'capture-failure', 'Camera / microphone failure', '摄像头 / 麦克风故障'),
    c('device', 'model-compat', 'Device model compatibility', '机型兼容性'),
    c('codec', 'configuration', 'Codec / encoder configuration', '编解码 / 编码器配置'),
    c('app', 'token', 'Token (expired / invalid)', 'Token（过期 / 无效）'),
    c('app', 'api-misuse', 'API misuse', 'API 使用错误'),
    c('service', 'edge-region', 'Edge node / region', '边缘节点 / 区域'),
    c('env', 'wifi', 'Wi-Fi', 'Wi-Fi'),
    c('env', 'cellular-handover', 'Cellular handover', '蜂窝网络切换'),
    c('other', 'unknown', 'Unknown / not reproducible', '未知 / 无法复现'),
  ],
}

/** Problems of a taxonomy (empty = valid): unique ids, every category in a known group. */
export function taxonomyIssues(t: Taxonomy): string[] {
  const issues: string[] = []
  const groups = new Set<string>()
  for (const x of t.groups) {
    if (groups.has(x.id)) issues.push(`group ${x.id} appears twice`)
    groups.add(x.id)
  }
  const ids = new Set<string>()
  for (const x of t.categories) {
    if (ids.has(x.id)) issues.push(`category ${x.id} appears twice`)
    ids.add(x.id)
    if (!groups.has(x.group)) issues.push(`category ${x.id} is in unknown group ${x.group}`)
  }
  return issues
}

/** A category's label in a language; an id no longer in the taxonomy is shown as itself. */
export function categoryLabel(t: Taxonomy, id: string, lang: 'en' | 'zh'): string {
  return t.categories.find((x) => x.id === id)?.label[lang] ?? id
}
