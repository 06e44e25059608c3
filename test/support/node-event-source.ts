/**
 * A small EventSource for Node (which has none built in), enough for the renderer's real HTTP
 * transport in integration tests: GET with streaming, `data:` lines joined per event, `onmessage`.
 */
import { type ClientRequest, get } from 'node:http'

export class NodeEventSource {
  onmessage: ((ev: MessageEvent) => void) | null = null
  private readonly req: ClientRequest
  /** Resolves once the server has accepted the stream (so no event emitted after it is missed). */
  readonly ready: Promise<void>

  constructor(url: string) {
    let markReady: () => void = () => undefined
    this.ready = new Promise((ok) => (markReady = ok))
    this.req = get(url, (res) => {
      let buffer = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        buffer += chunk
        if (buffer.startsWith(': connected')) markReady()
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n')
          if (data) this.onmessage?.({ data } as MessageEvent)
        }
      })
    })
    this.req.on('error', () => undefined)
  }

  close(): void {
    this.req.destroy()
  }
}
