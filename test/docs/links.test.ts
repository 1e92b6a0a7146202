/**
 * The documentation holds together (issue 27): every relative link in the README and docs/ leads to a
 * file that exists (and, into a Markdown file, to a heading it has), and every environment variable the
 * docs name is one that something reads — a configuration option, or a benchmark's or script's own.
 */
import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, it } from 'node:test'
import { OPTIONS } from '../../src/config/defaults.ts'
import { ROOT } from '../helpers/processes.ts'

const SKIP = new Set(['node_modules', '.git', 'data', 'fixtures', 'dist', 'admin-ui'])

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (SKIP.has(name)) return []
    if (statSync(path).isDirectory()) return markdownFiles(path)
    return name.endsWith('.md') ? [path] : []
  })
}

/** The Markdown outside code blocks and code spans. */
function prose(text: string): string {
  return text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '')
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-')
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? '')))
}

const FILES = markdownFiles(ROOT)

describe('docs', () => {
  it('are found: the README and every reader’s folder', () => {
    const names = FILES.map((f) => relative(ROOT, f))
    for (const expected of [
      'README.md',
      'docs/operator/README.md',
      'docs/integrator/oidc.md',
      'docs/admin/admin-center.md',
      'docs/idp-guides/README.md',
      'docs/development.md',
    ]) {
      assert.ok(names.includes(expected), expected)
    }
  })

  it('link only to files and headings that exist', () => {
    const broken: string[] = []
    for (const file of FILES) {
      for (const match of prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1] ?? ''
        if (/^(https?:|mailto:)/.test(target)) continue
        const [path = '', anchor] = target.split('#')
        const resolved = path === '' ? file : join(dirname(file), decodeURIComponent(path))
        const where = `${relative(ROOT, file)} → ${target}`
        if (!existsSync(resolved)) {
          broken.push(`${where} (no such file)`)
        } else if (anchor !== undefined && resolved.endsWith('.md')) {
          if (!anchorsOf(resolved).has(anchor)) broken.push(`${where} (no such heading)`)
        }
      }
    }
    assert.deepEqual(broken, [])
  })

  it('name only environment variables that something reads', () => {
    const options = new Set<string>(OPTIONS.map((o) => o.name))
    // Benchmarks and scripts read their own variables (BENCH_SECONDS, …); constants named in the docs
    // (SECRET_QUERY_PARAMETERS) are in the code under that name.
    const code = ['bench', 'scripts', 'src', 'test/helpers']
      .flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n')
    const unknown = new Set<string>()
    // NOTES.md may name a variable it proposes.
    for (const file of FILES.filter((f) => relative(ROOT, f) !== 'NOTES.md')) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=[^`]*)?`/g)) {
        const name = match[1] ?? ''
        if (options.has(name)) continue
        if (!new RegExp(`\\b${name}\\b`).test(code)) unknown.add(`${relative(ROOT, file)}: ${name}`)
      }
    }
    assert.deepEqual([...unknown], [])
  })
})

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|sh|js|mjs)$/.test(name) ? [path] : []
  })
}
