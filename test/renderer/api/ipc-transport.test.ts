import { describe, expect, it, vi } from 'vitest'
import type { Bridge } from '../../../src-main/contract/bridge'
import { ApiError } from '../../../src-renderer/api/api-error'
import { createApi } from '../../../src-renderer/api/client'
import { createIpcTransport } from '../../../src-renderer/api/ipc-transport'

function bridge(over: Partial<Bridge> = {}): Bridge {
  return {
    call: vi.fn(async () => ({ ok: true as const, value: { version: '1', dataDir: '/d', platform: 'linux', isElectron: true } })),
    onEvent: vi.fn(() => () => undefined),
    pickBundle: vi.fn(async () => '/home/me/logs.zip'),
    pathForFile: vi.fn(() => '/home/me/dropped.log'),
    ...over,
  }
}

describe('ipc transport', () => {
  it('passes calls through the bridge and has a native picker', async () => {
    const b = bridge()
    const api = createApi(createIpcTransport(b))
    await expect(api.call('app.info', {})).resolves.toMatchObject({ isElectron: true })
    expect(b.call).toHaveBeenCalledWith('app.info', {})
    expect(api.hasNativePicker).toBe(true)
    await expect(api.pickBundle()).resolves.toEqual({ path: '/home/me/logs.zip' })
  })

  it('maps a cancelled dialog to null and a dropped file to its own path', async () => {
    const api = createApi(createIpcTransport(bridge({ pickBundle: async () => null })))
    await expect(api.pickBundle()).resolves.toBeNull()
    await expect(api.resolveFile(new File(['x'], 'dropped.log'))).resolves.toEqual({ path: '/home/me/dropped.log', displayName: 'dropped.log' })
  })

  it('a file without a path and a rejected IPC call become typed errors', async () => {
    const api = createApi(createIpcTransport(bridge({ pathForFile: () => '', call: async () => { throw new Error('channel closed') } })))
    await expect(api.resolveFile(new File(['x'], 'mem.log'))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    const err = await api.call('app.info', {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ code: 'INTERNAL', message: 'app.info: channel closed' })
  })
})
