/** Tiny, failure-tolerant access to localStorage for UI preferences (storage can be disabled). */

export function readPref(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null
  } catch {
    return null
  }
}

export function writePref(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value)
  } catch {
    // preference lasts for this page only
  }
}
