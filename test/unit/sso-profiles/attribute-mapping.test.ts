/** Attribute mapping rules: presets by entity ID and by claims, values that cannot be names. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  mapNames,
  PRESETS,
  presetForAttributes,
  presetForEntityId,
  validateMapping,
} from '../../../src/sso-profiles/attribute-mapping.ts'

describe('saml: attribute mapping', () => {
  it('recognises the big IdPs by their entity IDs, and nothing else', () => {
    assert.equal(
      presetForEntityId('https://sts.windows.net/4f0c1f5e-8a3f-4b53-9f8d-2f1f6c6d9a11/'),
      'entra-id',
    )
    assert.equal(
      presetForEntityId('https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0'),
      'entra-id',
    )
    assert.equal(presetForEntityId('http://www.okta.com/exk1fcia6d6EMsf331d8'), 'okta')
    assert.equal(
      presetForEntityId('https://accounts.google.com/o/saml2?idpid=C01abcde2'),
      'google-workspace',
    )
    assert.equal(presetForEntityId('http://adfs.contoso.com/adfs/services/trust'), 'adfs')
    for (const other of [
      'https://idp.example.test',
      'https://sts.windows.net.evil.test/x/',
      null,
      '',
    ]) {
      assert.equal(presetForEntityId(other), undefined, String(other))
    }
  })

  it('tells Entra ID from AD FS by the tenant claim, and recognises the others by their names', () => {
    const given = PRESETS['entra-id'].givenName
    const family = PRESETS['entra-id'].familyName
    assert.equal(
      presetForAttributes({
        [given]: ['Ada'],
        [family]: ['L'],
        'http://schemas.microsoft.com/identity/claims/tenantid': ['t'],
      }),
      'entra-id',
    )
    assert.equal(presetForAttributes({ [given]: ['Ada'], [family]: ['L'] }), 'adfs')
    assert.equal(presetForAttributes({ firstName: ['Ada'], lastName: ['L'] }), 'okta')
    assert.equal(presetForAttributes({ FirstName: ['Ada'], LastName: ['L'] }), 'google-workspace')
    assert.equal(presetForAttributes({ givenName: ['Ada'], sn: ['L'] }), undefined)
  })

  it('maps names, ignoring what cannot be a name and reporting what did not arrive', () => {
    const mapping = { givenName: 'g', familyName: 'f', displayName: 'd' }
    assert.deepEqual(mapNames(mapping, { g: ['  Ada '], f: ['Lovelace'], d: ['Ada Lovelace'] }), {
      names: { givenName: 'Ada', familyName: 'Lovelace', displayName: 'Ada Lovelace' },
      ignored: [],
      missing: [],
    })
    const odd = mapNames(mapping, { g: ['A', 'B'], f: ['x'.repeat(201)], d: ['a\u2028b'] })
    assert.deepEqual(odd.names, {})
    assert.deepEqual(
      odd.ignored.map((i) => i.reason),
      ['multi_valued', 'too_long', 'control_characters'],
    )
    assert.deepEqual(mapNames(mapping, { g: ['  '] }).ignored, [
      { field: 'givenName', attribute: 'g', reason: 'empty' },
    ])
    assert.deepEqual(mapNames({ givenName: 'g' }, {}).missing, [
      { field: 'givenName', attribute: 'g' },
    ])
    // An attribute named like an Object.prototype member is just a missing attribute.
    assert.deepEqual(mapNames({ givenName: 'constructor' }, {}).names, {})
  })

  it('accepts a mapping of the three name fields only', () => {
    assert.deepEqual(validateMapping({ givenName: 'first', familyName: null }), {
      givenName: 'first',
    })
    for (const bad of [
      null,
      [],
      'x',
      { email: 'mail' },
      { role: 'r' },
      { givenName: 5 },
      { givenName: '' },
    ]) {
      assert.throws(
        () => validateMapping(bad),
        { code: 'sso.invalid_settings' },
        JSON.stringify(bad),
      )
    }
  })
})
