/**
 * The envelope of an `EncryptedAssertion`, read and judged before any cryptography (issue 28): one
 * `xenc:EncryptedData` of type Element, its data algorithm on the allowlist, its one key carried inline as
 * the one `xenc:EncryptedKey` of its `ds:KeyInfo`, RSA-OAEP with allowlisted digests, ciphertext inline.
 * Refused: PKCS#1 v1.5 and every other algorithm (`saml.encryption_algorithm`); `RetrievalMethod`, a key
 * beside the data instead of inside it, `CipherReference`, a second key, anything unexpected
 * (`saml.encryption_invalid`). The IdP's `KeyInfo` names at most which of our certificates it used; it
 * never supplies a key.
 */
import { AppError } from '../../errors/app-error.ts'
import {
  CBC_ALGORITHMS,
  GCM_ALGORITHMS,
  KEY_TRANSPORT_ALGORITHMS,
  MGF1_DIGESTS,
  OAEP_DIGESTS,
} from '../algorithms.ts'
import { attr, children, elementChildren, isElement, onlyChild, textOf } from '../xml/dom.ts'
import { NS } from '../xml/namespaces.ts'

const ELEMENT_TYPE = 'http://www.w3.org/2001/04/xmlenc#Element'
const RSA_OAEP_11 = 'http://www.w3.org/2009/xmlenc11#rsa-oaep'

export type OAEPDigest = 'sha1' | 'sha256' | 'sha512'

export interface EncryptionEnvelope {
  readonly encryptedData: Element
  /** The data encryption algorithm URI (AES-GCM or AES-CBC). */
  readonly dataAlgorithm: string
  /** AES-GCM: the ciphertext carries its own integrity. */
  readonly authenticated: boolean
  readonly keyTransport: string
  readonly oaepDigest: OAEPDigest
  readonly mgf1Digest: OAEPDigest
  /** The certificate (base64 DER) the IdP says it encrypted to, when it names one: tried first. */
  readonly recipientCertificate: string | undefined
}

const invalid = (detail: string) => new AppError('saml.encryption_invalid', { detail })
const algorithm = (detail: string) => new AppError('saml.encryption_algorithm', { detail })

/** Reads `encryptedAssertion` (a saml:EncryptedAssertion) or throws a stable `saml.*` code. */
export function readEnvelope(encryptedAssertion: Element): EncryptionEnvelope {
  const parts = elementChildren(encryptedAssertion)
  const data = parts.filter((e) => isElement(e, NS.xenc, 'EncryptedData'))
  if (data.length !== 1 || parts.length !== 1) {
    throw invalid(
      parts.some((e) => isElement(e, NS.xenc, 'EncryptedKey'))
        ? 'an EncryptedKey beside the EncryptedData (RetrievalMethod) is not accepted'
        : `EncryptedAssertion holds ${parts.length} elements, ${data.length} EncryptedData`,
    )
  }
  const encryptedData = data[0] as Element
  const type = attr(encryptedData, 'Type')
  if (type !== undefined && type !== ELEMENT_TYPE) throw invalid(`EncryptedData Type ${type}`)
  expectOnly(encryptedData, ['EncryptionMethod', 'KeyInfo', 'CipherData'], [])

  const method = one(encryptedData, NS.xenc, 'EncryptionMethod')
  const dataAlgorithm = attr(method, 'Algorithm') ?? ''
  if (!GCM_ALGORITHMS.has(dataAlgorithm) && !CBC_ALGORITHMS.has(dataAlgorithm)) {
    throw algorithm(`data encryption ${dataAlgorithm.slice(0, 100)}`)
  }
  if (elementChildren(method).some((e) => !isElement(e, NS.xenc, 'KeySize'))) {
    throw invalid('unexpected parameters of the data encryption method')
  }
  cipherValue(encryptedData)

  const keyInfo = one(encryptedData, NS.dsig, 'KeyInfo')
  const keyParts = elementChildren(keyInfo)
  if (keyParts.some((e) => isElement(e, NS.dsig, 'RetrievalMethod'))) {
    throw invalid('RetrievalMethod is not accepted: the key must be inline')
  }
  if (keyParts.length !== 1 || !isElement(keyParts[0], NS.xenc, 'EncryptedKey')) {
    throw invalid(`KeyInfo holds ${keyParts.length} elements; exactly one EncryptedKey is accepted`)
  }
  const encryptedKey = keyParts[0] as Element
  expectOnly(
    encryptedKey,
    ['EncryptionMethod', 'CipherData'],
    ['KeyInfo', 'ReferenceList', 'CarriedKeyName'],
  )
  const transport = one(encryptedKey, NS.xenc, 'EncryptionMethod')
  const keyTransport = attr(transport, 'Algorithm') ?? ''
  if (!KEY_TRANSPORT_ALGORITHMS.has(keyTransport)) {
    throw algorithm(`key transport ${keyTransport.slice(0, 100)}`)
  }
  const { oaepDigest, mgf1Digest } = oaepParameters(transport, keyTransport)
  cipherValue(encryptedKey)
  return {
    encryptedData,
    dataAlgorithm,
    authenticated: GCM_ALGORITHMS.has(dataAlgorithm),
    keyTransport,
    oaepDigest,
    mgf1Digest,
    recipientCertificate: recipientOf(encryptedKey),
  }
}

function oaepParameters(
  transport: Element,
  keyTransport: string,
): { oaepDigest: OAEPDigest; mgf1Digest: OAEPDigest } {
  let oaepDigest: OAEPDigest = 'sha1'
  let mgf1Digest: OAEPDigest = 'sha1'
  for (const parameter of elementChildren(transport)) {
    const name = parameter.localName
    if (isElement(parameter, NS.dsig, 'DigestMethod')) {
      const digest = OAEP_DIGESTS[attr(parameter, 'Algorithm') ?? '']
      if (digest === undefined) throw algorithm(`OAEP digest ${attr(parameter, 'Algorithm')}`)
      oaepDigest = digest
    } else if (isElement(parameter, NS.xenc11, 'MGF') && keyTransport === RSA_OAEP_11) {
      const digest = MGF1_DIGESTS[attr(parameter, 'Algorithm') ?? '']
      if (digest === undefined) throw algorithm(`MGF ${attr(parameter, 'Algorithm')}`)
      mgf1Digest = digest
    } else if (!isElement(parameter, NS.xenc, 'OAEPparams')) {
      throw invalid(`unexpected ${name} in the key transport method`)
    }
  }
  if (children(transport, NS.dsig, 'DigestMethod').length > 1) throw invalid('two OAEP digests')
  return { oaepDigest, mgf1Digest }
}

/** The certificate named in the EncryptedKey's own KeyInfo (a hint among our keys, nothing more). */
function recipientOf(encryptedKey: Element): string | undefined {
  const keyInfo = onlyChild(encryptedKey, NS.dsig, 'KeyInfo')
  if (keyInfo === undefined) return undefined
  if (keyInfo === 'many') throw invalid('two KeyInfo in the EncryptedKey')
  for (const part of elementChildren(keyInfo)) {
    const name = part.localName
    if (
      !isElement(part, NS.dsig, 'X509Data') &&
      !isElement(part, NS.dsig, 'KeyName') &&
      !isElement(part, NS.dsig, 'KeyValue')
    ) {
      throw invalid(`${name} in the EncryptedKey's KeyInfo is not accepted`)
    }
  }
  const certificate = children(keyInfo, NS.dsig, 'X509Data')
    .flatMap((data) => children(data, NS.dsig, 'X509Certificate'))
    .map((element) => textOf(element).replace(/\s+/g, ''))[0]
  return certificate
}

/** The one inline CipherValue of `parent`'s CipherData (never a CipherReference). */
function cipherValue(parent: Element): void {
  const cipherData = one(parent, NS.xenc, 'CipherData')
  const values = elementChildren(cipherData)
  if (values.length !== 1 || !isElement(values[0], NS.xenc, 'CipherValue')) {
    throw invalid('CipherData must hold one inline CipherValue (no CipherReference)')
  }
}

function one(parent: Element, ns: string, localName: string): Element {
  const found = onlyChild(parent, ns, localName)
  if (found === undefined || found === 'many') {
    throw invalid(`${parent.localName} needs exactly one ${localName}`)
  }
  return found
}

/** `parent`'s element children are exactly `required` once each and `optional` at most once. */
function expectOnly(parent: Element, required: readonly string[], optional: readonly string[]) {
  const counts = new Map<string, number>()
  for (const child of elementChildren(parent)) {
    const name = child.localName
    const known =
      (child.namespaceURI === NS.xenc && name !== 'KeyInfo') ||
      (child.namespaceURI === NS.dsig && name === 'KeyInfo')
    if (!known || (!required.includes(name) && !optional.includes(name))) {
      throw invalid(`unexpected ${name} in ${parent.localName}`)
    }
    counts.set(name, (counts.get(name) ?? 0) + 1)
  }
  for (const name of required) {
    if (counts.get(name) !== 1) throw invalid(`${parent.localName} needs exactly one ${name}`)
  }
  for (const name of optional) {
    if ((counts.get(name) ?? 0) > 1) throw invalid(`${parent.localName} has two ${name}`)
  }
}
