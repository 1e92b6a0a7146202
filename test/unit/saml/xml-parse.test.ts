/**
 * The hardened parser (I1) parses without xmldom's locator and, only for a document it refuses, parses
 * again with it to say where: the refusal is the same, and its detail names the line.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AppError } from '../../../src/errors/app-error.ts'
import { parseXML } from '../../../src/saml/xml/parse.ts'

function refusal(text: string): AppError {
  try {
    parseXML(text)
  } catch (error) {
    assert.ok(error instanceof AppError)
    return error
  }
  assert.fail('parsed')
}

describe('saml: XML parser', () => {
  it('says on which line a refused document goes wrong', () => {
    const error = refusal('<a>\n<b x="1" x="2"/>\n</a>')
    assert.equal(error.code, 'saml.malformed_xml')
    assert.match(error.detail ?? '', /line:2/)
    assert.equal(refusal('<a>\n\n<b></a>').code, 'saml.malformed_xml')
    assert.equal(refusal('no xml at all').code, 'saml.malformed_xml')
  })

  it('parses a well-formed document, line endings as XML 1.0 says', () => {
    const doc = parseXML('<a x="1">\r\n<b>t\u0085</b></a>')
    assert.equal(doc.documentElement.getAttribute('x'), '1')
    assert.equal(doc.documentElement.textContent, '\nt\u0085')
  })
})
