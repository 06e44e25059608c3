/** Report renderings and redaction: what is replaced (and what is not), escaping, the chart SVG. */
import { describe, expect, it } from 'vitest'
import { createRedactor, redactReport } from '../../../../src-main/core/report/redact'
import { reportToMarkdown } from '../../../../src-main/core/report/markdown'
import { renderChartSvg } from '../../../../src-main/core/report/svg-chart'
import { reportToHtml } from '../../../../src-main/core/report/html'
import { type CaseReport, duration } from '../../../../src-main/core/report/model'
import { DEFAULT_SLA_TARGETS, slaClocks } from '../../../../src-main/core/cases/sla'

const hash = (s: string) => [...s].reduce((h, c) => ((h * 31 + c.charCodeAt(0)) >>> 0), 7).toString(16).padStart(8, '0')

describe('redaction', () => {
  const red = () => createRedactor(hash)

  it.each([
    ['relay 203.0.113.7:3478 ok', /^relay \[ip:[0-9a-f]{8}\]:3478 ok$/],
    ['peer [2001:db8::1]:5000', /^peer \[\[ip:[0-9a-f]{8}\]\]:5000$/],
    ['mac fe80::1ff:fe23:4567:890a%eth0', /^mac \[ip:[0-9a-f]{8}\]%eth0$/],
    ['token=006abcdefABCDEF0123456789abcdefABCDEF0123456789xyz&x=1', /^token=\[token\]&x=1$/],
    ['{"token":"0****=", "uid":0}', /^\{"token":"\[token\]", "uid":\[user:[0-9a-f]{8}\]\}$/],
    ['Authorization: Bearer abc.def.ghi-12345', /^Authorization: Bearer \[token\]$/],
    ['curl -H "Bearer abcdefgh12345"', /^curl -H "Bearer \[token\]"$/],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', /^jwt \[token\]$/],
    ['appId: 0123456789abcdef0123456789ABCDEF', /^appId: \[appid:[0-9a-f]{8}\]$/],
    ['app 0123456789abcdef0123456789abcdef joined', /^app \[appid:[0-9a-f]{8}\] joined$/],
    ['uid 424242 joined, userId=alice_01', /^uid \[user:[0-9a-f]{8}\] joined, userId=\[user:[0-9a-f]{8}\]$/],
    ['mail li.wei@example.com', /^mail \[email:[0-9a-f]{8}\]$/],
  ])('%s', (input, expected) => {
    expect(red().text(input)).toMatch(expected)
  })

  it.each([
    'Agora SDK ver 4.3.0 build 12345', 'version 1.2.3.4 installed', 'at 08:00:00.123 the RTT was 300 ms', 'sha 3f2a', 'std::vector<int>',
    'case 5e4c1a7b-3d2f-4c1e-9a8b-7f6e5d4c3b2a', 'SDK 4.2.1.2',
  ])('leaves %s alone', (input) => {
    expect(red().text(input)).toBe(input)
  })

  it('maps one value to one placeholder and counts every replacement', () => {
    const r = red()
    const a = r.text('from 198.51.100.4 to 198.51.100.4 and 198.51.100.5')
    const [x, y, z] = a.match(/\[ip:[0-9a-f]{8}\]/g)!
    expect(x).toBe(y)
    expect(z).not.toBe(x)
    expect(r.redactions()).toEqual([
      { kind: 'ip', original: '198.51.100.4', replacement: x, count: 2 }, { kind: 'ip', original: '198.51.100.5', replacement: z, count: 1 },
    ])
  })
})

const T = Date.UTC(2026, 0, 5, 9, 0, 0)
function report(over: Partial<CaseReport> = {}): CaseReport {
  return {
    generator: 'test', generatedAt: T, lang: 'en', isRedacted: false,
    case: { id: 'c1', title: 'Echo | on 10.1.2.3', customer: 'Acme', appVersion: '4.3.0.1', scenario: 'education', priority: 'P1', tier: 2, status: 'new', owner: '', tags: ['audio'], description: '', createdAt: T, updatedAt: T, firstResponseAt: null, resolvedAt: null, closedAt: null },
    sla: slaClocks({ priority: 'P1', createdAt: T, firstResponseAt: null, resolvedAt: null, closedAt: null }, DEFAULT_SLA_TARGETS, T + 90 * 60_000),
    bundles: [], findings: [],
    annotations: [{ id: 'a1', start: T, end: T + 1000, category: 'env.wifi', categoryLabel: 'Wi-Fi', confidence: 0.5, note: 'AP at 10.1.2.3 <b>x</b>', stream: '', participant: 'uid=77', evidence: [], updatedAt: T }],
    charts: [{ title: 'Bitrate', unit: 'kbps', start: T, end: T + 60_000, lines: [{ label: 'a <b>', t: [T, T + 1000, T + 2000, T + 3000], v: [1, null, 3, 4] }], bands: [{ start: T, end: T + 1000, kind: 'annotation', label: 'Wi-Fi' }] }],
    events: [], ...over,
  }
}

describe('renderings', () => {
  it('Markdown escapes inline text, keeps notes as Markdown, shows SLA time left / over', () => {
    const md = reportToMarkdown(report())
    expect(md).toContain('# Case report: Echo \\| on 10.1.2.3')
    expect(md).toContain('- First response: overdue · due 2026-01-05 10:00:00Z · 30m 00s over')
    expect(md).toContain('AP at 10.1.2.3 <b>x</b>')
  })

  it('redacting the report replaces free text but keeps ids, enums and the app version', () => {
    const r = createRedactor(hash)
    const out = redactReport(report(), r)
    expect(out.isRedacted).toBe(true)
    expect(out.case.title).toMatch(/^Echo \| on \[ip:/)
    expect(out.case.appVersion).toBe('4.3.0.1')
    expect(out.annotations[0]!.participant).toMatch(/^uid=\[user:/)
    expect(out.annotations[0]!.category).toBe('env.wifi')
    expect(r.redactions().map((x) => [x.kind, x.count])).toEqual([['ip', 2], ['user-id', 1]])
  })

  it('HTML escapes everything but the injected Markdown renderer output', () => {
    const html = reportToHtml(report(), (src) => `<p>${src.length}</p>`)
    expect(html).toContain('Echo | on 10.1.2.3')
    expect(html).toContain('<div class="note"><p>23</p></div>')
    expect(html).not.toContain('<b>')
  })

  it('draws a chart with a gap at null values, the band, UTC ticks and an escaped legend', () => {
    const svg = renderChartSvg(report().charts[0]!)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.match(/<path d="([^"]+)"/)![1]!.match(/M/g)).toHaveLength(2)
    expect(svg).toContain('fill="#f59e0b"')
    expect(svg).toContain('>09:00:00<')
    expect(svg).toContain('a &lt;b&gt;')
  })

  it('formats durations', () => {
    expect([duration(45_000), duration(-754_000), duration(3 * 3600_000 + 5 * 60_000), duration(-(2 * 86_400_000 + 3 * 3600_000))]).toEqual(['45s', '−12m 34s', '3h 05m', '−2d 03h'])
  })
})
