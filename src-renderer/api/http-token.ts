/**
 * The per-launch token of browser mode. The server prints `http://127.0.0.1:<port>/?token=<hex>`; the
 * page reads it once, keeps it in sessionStorage (survives reloads of this tab) and removes it from
 * the address bar so it does not linger in history or screenshots.
 */
const STORAGE_KEY = 'rtcwb.token'

export interface TokenEnv {
  location: Pick<Location, 'href'>
  history: Pick<History, 'replaceState' | 'state'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
}

/** Returns the token from the URL (then stored and stripped) or from sessionStorage; null if none. */
export function takeToken(env: TokenEnv): string | null {
  const url = new URL(env.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    try {
      env.storage.setItem(STORAGE_KEY, fromUrl)
    } catch {
      // Storage can be disabled; the token then lives only as long as this page.
    }
    url.searchParams.delete('token')
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  try {
    return env.storage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}
