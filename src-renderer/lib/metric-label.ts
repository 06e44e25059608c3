/** Localized metric names from the core metric catalog (a pure module, allowed at runtime). */
import { metricDef } from '@core/model/metrics'

export function metricLabel(metric: string, locale: string): string {
  const def = metricDef(metric)
  return locale.startsWith('zh') ? def.label.zh : def.label.en
}
