/** Human formatting for the UI: byte sizes (1024-based) and local date/times from epoch milliseconds. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB']

/** 1536 -> "1.5 KB"; whole bytes below 1 KB; one decimal under 10 of a unit, none above. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—'
  let v = n
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  const digits = u === 0 || v >= 10 ? 0 : 1
  return `${v.toFixed(digits)} ${UNITS[u]}`
}

// Building an Intl.DateTimeFormat costs far more than formatting with one: keep one per locale and kind.
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(locale: string, kind: 'dateTime' | 'timeOfDay'): Intl.DateTimeFormat {
  const key = `${kind}|${locale}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat(locale, kind === 'dateTime'
      ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZoneName: 'shortOffset' }
      : { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hour12: false })
    formatters.set(key, f)
  }
  return f
}

/**
 * Local date and time to the second with the UTC offset, per locale: "11/26/2026, 14:03:05 GMT+8"
 * (en), "2026/11/26 GMT+8 14:03:05" (zh-CN). The offset is always shown: engineers compare these
 * times with customers' logs written in other zones (README "Times").
 */
export function formatDateTime(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  return formatter(locale, 'dateTime').format(ms)
}

/** Local time of day with milliseconds, for event lists and log rows: "13:45:10.250". */
export function formatTimeOfDay(ms: number, locale: string): string {
  if (!Number.isFinite(ms)) return '—'
  return formatter(locale, 'timeOfDay').format(ms)
}
