/** The error-code table is API: every code has the stable shape and a sane status. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppError } from '../../../src/errors/app-error.ts'
import { ERRORS, isErrorCode } from '../../../src/errors/codes.ts'

describe('errors: code table', () => {
  it('names every code <module>.<snake_reason> (or a bare snake word) with a 4xx/5xx status', () => {
    for (const [code, { status, message }] of Object.entries(ERRORS)) {
      assert.match(code, /^[a-z]+(?:_[a-z]+)*(?:\.[a-z]+(?:_[a-z]+)*)?$/, code)
      assert.ok(status >= 400 && status <= 599, code)
      assert.ok(message.length > 0 && message.endsWith('.'), code)
    }
  })

  it('carries code, status, public details and private detail separately', () => {
    const error = new AppError('user.invalid_email', { details: { field: 'email' }, detail: 'x' })
    assert.equal(error.code, 'user.invalid_email')
    assert.equal(error.status, 400)
    assert.deepEqual(error.details, { field: 'email' })
    assert.equal(error.detail, 'x')
    assert.equal(isErrorCode('user.invalid_email'), true)
    assert.equal(isErrorCode('toString'), false)
  })
})
