/**
 * The Admin Center's catalogue (issue 27): German says everything English says, with the same
 * placeholders; every plural the pages ask for has its forms; every error code the German list names is
 * one the API has.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { de, errorsDe } from '../../../admin-ui/src/i18n/de.ts'
import { en } from '../../../admin-ui/src/i18n/en.ts'
import { ERRORS } from '../../../src/errors/codes.ts'
import { FACTOR_ERRORS } from '../../../src/errors/factor-codes.ts'
import { ROOT } from '../../helpers/processes.ts'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) ? [readFileSync(path, 'utf8')] : []
  })
}

describe('Admin Center catalogue', () => {
  it('has every English key in German, with the same placeholders, none empty', () => {
    assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort())
    for (const [key, text] of Object.entries(en)) {
      const german = (de as Record<string, string>)[key] ?? ''
      assert.ok(text.trim() !== '' && german.trim() !== '', key)
      assert.deepEqual(placeholders(german), placeholders(text), key)
    }
  })

  it('has the one and other forms of every plural a page asks for', () => {
    const code = sources(join(ROOT, 'admin-ui/src')).join('\n')
    const asked = [...code.matchAll(/t\.count\(\s*'([\w.]+)'/g)].map((m) => m[1] ?? '')
    const ternaries = [...code.matchAll(/t\.count\(\s*[^,]*\?\s*'([\w.]+)'\s*:\s*'([\w.]+)'/g)]
    const keys = new Set([...asked, ...ternaries.flatMap((m) => [m[1] ?? '', m[2] ?? ''])])
    assert.ok(keys.size >= 8, `found ${keys.size}`)
    for (const key of keys) {
      for (const form of ['one', 'other']) {
        assert.ok(Object.hasOwn(en, `${key}.${form}`), `${key}.${form}`)
      }
    }
  })

  it('translates only error codes the API has', () => {
    const codes = new Set([...Object.keys(ERRORS), ...Object.keys(FACTOR_ERRORS)])
    for (const code of Object.keys(errorsDe)) assert.ok(codes.has(code), code)
  })
})
