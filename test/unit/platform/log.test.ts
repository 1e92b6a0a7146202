/**
 * Secrets never leave the process in a log line (issue 21 item 5): every query parameter that can carry
 * a secret, and invitation, reset and setup-link secrets in paths, are replaced wherever a URL lands in a line —
 * the request line, an error message, a stack — checked on what the logger actually writes.
 */
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { describe, it } from 'node:test'
import { createLogger, redactLine, SECRET_QUERY_PARAMETERS } from '../../../src/platform/log.ts'

const SECRET = 'S3cr3tValue_that-must-not-appear'

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return { stream, text: () => chunks.join('') }
}

describe('log redaction', () => {
  it('replaces every secret-bearing query parameter, in any case, wherever it is in a line', () => {
    for (const name of SECRET_QUERY_PARAMETERS) {
      for (const spelled of [name, name.toUpperCase()]) {
        const line = JSON.stringify({
          url: `/scim/v2/o/Users?filter=x&${spelled}=${SECRET}&count=2`,
          err: {
            message: `bad request /x?${spelled}=${SECRET}`,
            stack: `at /y?${spelled}=${SECRET}\n`,
          },
        })
        const redacted = redactLine(line)
        assert.ok(!redacted.includes(SECRET), `${spelled}: ${redacted}`)
        assert.ok(redacted.includes('count=2'), 'other parameters stay')
        JSON.parse(redacted)
      }
    }
  })

  it('keeps lines without secrets as they are', () => {
    const line = '{"msg":"request completed","url":"/api/v1/orgs/o/users?limit=5&cursor=abc"}'
    assert.equal(redactLine(line), line)
  })

  it('redacts what the logger writes: a message, an error, and fields', () => {
    const out = capture()
    const logger = createLogger('info', out.stream)
    logger.info(`GET /oauth2/userinfo?access_token=${SECRET}`)
    logger.error({ err: new Error(`fetch /x?client_secret=${SECRET} failed`) }, 'failed')
    logger.warn({ location: `https://c.test/cb?code=${SECRET}&state=s` }, 'redirect')
    logger.info({ link: `https://p.test/invite/inv_${SECRET}` }, 'sent')
    logger.info({ req: { url: `/admin/setup/psl_${SECRET}` } }, 'request completed')
    const text = out.text()
    assert.equal(text.trim().split('\n').length, 5)
    assert.ok(text.includes('/admin/setup/[redacted]'), text)
    assert.ok(!text.includes(SECRET), text)
    assert.ok(text.includes('state=s'))
  })
})
