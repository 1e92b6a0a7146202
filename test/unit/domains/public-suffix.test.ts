/**
 * Public suffixes are no one's to claim (issue 23): every domain an organization adds is checked against
 * the Public Suffix List (tldts, ICANN and private sections), in A-labels as stored.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { validateNewDomain } from '../../../src/domains/domain.ts'
import { isAppError } from '../../../src/errors/app-error.ts'

const codeOf = (name: string): string => {
  try {
    validateNewDomain(name)
    return 'ok'
  } catch (error) {
    return isAppError(error) ? error.code : 'thrown'
  }
}

describe('domains: public suffixes', () => {
  const cases: [string, string][] = [
    ['co.uk', 'domain.public_suffix'],
    ['github.io', 'domain.public_suffix'],
    ['s3.amazonaws.com', 'domain.public_suffix'],
    ['公司.cn', 'domain.public_suffix'],
    ['xn--55qx5d.cn', 'domain.public_suffix'],
    ['acme.co.uk', 'ok'],
    ['acme.github.io', 'ok'],
    ['example.xn--p1ai', 'ok'],
    ['corp.example.com', 'ok'],
    ['acme.test', 'ok'],
  ]
  for (const [name, code] of cases) {
    it(`${name} → ${code}`, () => assert.equal(codeOf(name), code))
  }
})
