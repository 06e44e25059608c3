/** The narrow surface the Electron preload exposes as `window.bridge` (types only) and its channels. */
import type { ApiErrorDto, Reply } from './errors'

export const IPC_CALL = 'rtcwb:call'
export const IPC_EVENT = 'rtcwb:event'
export const IPC_PICK_BUNDLE = 'rtcwb:pick-bundle'

export interface Bridge {
  call(method: string, input: unknown): Promise<Reply<unknown>>
  onEvent(listener: (name: string, payload: unknown) => void): () => void
  /** Native open dialog; resolves to a path, or null when the user cancels. */
  pickBundle(): Promise<string | null>
  /** The file system path of a dropped DOM File (Electron only; typed loosely: the contract has no DOM types). */
  pathForFile(file: unknown): string
}

export type { ApiErrorDto, Reply }
