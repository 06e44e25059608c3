/**
 * Layer rules (ARCHITECTURE.md §2), enforced: every import specifier in src-main and src-renderer
 * is extracted and checked against what its folder may import. A violation names file and import.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

function files(dir: string, exts = ['.ts', '.vue']): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...files(full, exts))
    else if (exts.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

interface Import { file: string; spec: string; isTypeOnly: boolean; target: string | null }

const IMPORT_RE = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm
const DYNAMIC_RE = /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g

/** Resolves a specifier to a repo-relative path (for local and aliased imports) or null (a package). */
function target(file: string, spec: string): string | null {
  const aliases: Record<string, string> = { '@core': 'src-main/core', '@contract': 'src-main/contract', '@renderer': 'src-renderer' }
  for (const [a, path] of Object.entries(aliases)) if (spec === a || spec.startsWith(`${a}/`)) return path + spec.slice(a.length)
  if (spec.startsWith('.')) return relative(ROOT, resolve(dirname(file), spec)).split(sep).join('/')
  return null
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  const out: Import[] = []
  for (const m of text.matchAll(IMPORT_RE)) out.push({ file, spec: m[3]!, isTypeOnly: Boolean(m[2]), target: target(file, m[3]!) })
  for (const m of text.matchAll(DYNAMIC_RE)) out.push({ file, spec: m[1]!, isTypeOnly: false, target: target(file, m[1]!) })
  return out
}

/** Pure, dependency-free core modules the renderer may run (ARCHITECTURE.md §8: small pure helpers). */
const RENDERER_RUNTIME_CORE = new Set(['src-main/core/model/metrics', 'src-main/core/timeline/search'])

const rel = (f: string) => relative(ROOT, f).split(sep).join('/')
const pkg = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!)
const within = (t: string | null, folder: string) => t !== null && (t === folder || t.startsWith(`${folder}/`))

function violations(folder: string, rule: (i: Import) => string | null): string[] {
  return files(join(ROOT, folder)).flatMap((f) => importsOf(f).map(rule).filter((v): v is string => v !== null).map((v) => `${rel(f)}: ${v}`))
}

describe('architecture: layer rules', () => {
  it('the import scanner sees static, type-only, re-export and dynamic imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtcwb-arch-'))
    const file = join(dir, 'sample.ts')
    writeFileSync(file, "import { a } from 'electron'\nimport type { B } from './b'\nexport * from 'node:fs'\nconst c = await import('sqlite3')\n")
    const found = importsOf(file).map((i) => `${i.spec}${i.isTypeOnly ? ' (type)' : ''}`)
    rmSync(dir, { recursive: true, force: true })
    expect(found).toEqual(['electron', './b (type)', 'node:fs', 'sqlite3'])
  })

  it('core imports only core (no node:, electron, vue, sqlite3, zod or any package)', () => {
    expect(violations('src-main/core', (i) => (i.target === null ? `imports package ${i.spec}` : within(i.target, 'src-main/core') ? null : `imports ${i.spec}`))).toEqual([])
  })

  it('contract imports only zod and core', () => {
    expect(violations('src-main/contract', (i) => {
      if (i.target === null) return pkg(i.spec) === 'zod' ? null : `imports package ${i.spec}`
      return within(i.target, 'src-main/contract') || within(i.target, 'src-main/core') ? null : `imports ${i.spec}`
    })).toEqual([])
  })

  it('only src-main/electron imports electron', () => {
    const all = files(join(ROOT, 'src-main')).concat(files(join(ROOT, 'src-renderer')))
    const bad = all.filter((f) => !rel(f).startsWith('src-main/electron/')).flatMap((f) => importsOf(f).filter((i) => pkg(i.spec) === 'electron').map((i) => `${rel(f)}: ${i.spec}`))
    expect(bad).toEqual([])
  })

  it('jobs and workers never touch the store or sqlite3 (one thread owns SQLite)', () => {
    for (const folder of ['src-main/jobs', 'src-main/workers']) {
      expect(violations(folder, (i) => (pkg(i.spec) === 'sqlite3' || within(i.target, 'src-main/store') ? `imports ${i.spec}` : null))).toEqual([])
    }
  })

  it('sqlite3 is imported only by the store', () => {
    const bad = files(join(ROOT, 'src-main')).filter((f) => !rel(f).startsWith('src-main/store/'))
      .flatMap((f) => importsOf(f).filter((i) => pkg(i.spec) === 'sqlite3').map((i) => `${rel(f)}: ${i.spec}`))
    expect(bad).toEqual([])
  })

  it('store imports only core, sqlite3 and node built-ins', () => {
    expect(violations('src-main/store', (i) => {
      if (i.target === null) return i.spec.startsWith('node:') || pkg(i.spec) === 'sqlite3' ? null : `imports package ${i.spec}`
      return within(i.target, 'src-main/store') || within(i.target, 'src-main/core') ? null : `imports ${i.spec}`
    })).toEqual([])
  })

  it('the renderer imports src-main only as types (except pure core helpers: metric catalog, binary search), and no node: or electron', () => {
    expect(violations('src-renderer', (i) => {
      if (rel(i.file) === 'src-renderer/vite.config.ts') return null // build tooling (dev:web), not shipped UI code
      if (i.spec.startsWith('node:')) return `imports ${i.spec}`
      if (within(i.target, 'src-main') && !i.isTypeOnly && !RENDERER_RUNTIME_CORE.has(i.target!)) return `runtime import of ${i.spec}`
      return null
    })).toEqual([])
  })

  it("the plain-Node server's import graph never reaches electron", () => {
    const seen = new Set<string>()
    const reached: string[] = []
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const i of importsOf(file)) {
        if (pkg(i.spec) === 'electron') reached.push(`${rel(file)}: ${i.spec}`)
        if (i.target?.startsWith('src-main/')) {
          const candidates = [`${i.target}.ts`, `${i.target}/index.ts`].map((p) => join(ROOT, p))
          const next = candidates.find((c) => { try { return statSync(c).isFile() } catch { return false } })
          if (next) visit(next)
        }
      }
    }
    visit(join(ROOT, 'src-main/server.ts'))
    visit(join(ROOT, 'src-main/cli/cli.ts'))
    expect(seen.size).toBeGreaterThan(10)
    expect(reached).toEqual([])
  })
})
