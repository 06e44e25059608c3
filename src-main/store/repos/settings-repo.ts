/** Key/value settings kept in the store (JSON values). */
import type { Db } from '../db'

export async function getSetting<T>(db: Db, key: string): Promise<T | undefined> {
  const row = await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key])
  return row ? (JSON.parse(row.value) as T) : undefined
}

export async function setSetting(db: Db, key: string, value: unknown): Promise<void> {
  await db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)])
}
