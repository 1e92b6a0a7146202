/**
 * Reading an IdP's SAML metadata (SAML Metadata §2) with the one hardened parser: entity ID, the
 * HTTP-Redirect SingleSignOnService, the signing certificates (a KeyDescriptor without `use` signs too —
 * Keycloak CVE-2026-16443), validUntil and cacheDuration for refreshing.
 */
import { AppError } from '../../errors/app-error.ts'
import {
  assertCertificateCount,
  parsePinnedCertificate,
  type PinnedCertificate,
} from '../certificates.ts'
import { attr, children, descendants, isElement, textOf } from '../xml/dom.ts'
import { NS } from '../xml/namespaces.ts'
import { parseXML } from '../xml/parse.ts'
import { parseSAMLTime } from '../xml/time.ts'

export const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect'

export interface IdPMetadata {
  readonly entityId: string
  readonly ssoUrl: string
  readonly certificates: readonly PinnedCertificate[]
  readonly validUntil: number | undefined
  readonly cacheDurationMs: number | undefined
  readonly wantAuthnRequestsSigned: boolean
}

export function parseIdPMetadata(xml: string, now: number): IdPMetadata {
  let root: Element
  try {
    root = parseXML(xml).documentElement
  } catch (error) {
    throw invalid(error instanceof AppError ? error.code : 'unreadable XML')
  }
  const entity = entityDescriptor(root)
  const entityId = attr(entity, 'entityID')
  if (!entityId) throw invalid('no entityID')
  const idps = children(entity, NS.metadata, 'IDPSSODescriptor')
  if (idps.length !== 1) throw invalid(`${idps.length} IDPSSODescriptor elements`)
  const idp = idps[0] as Element
  if (!(attr(idp, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(NS.protocol)) {
    throw invalid('the IdP does not list SAML 2.0')
  }
  const redirect = children(idp, NS.metadata, 'SingleSignOnService').find(
    (s) => attr(s, 'Binding') === HTTP_REDIRECT,
  )
  const ssoUrl = redirect && attr(redirect, 'Location')
  if (!ssoUrl) throw invalid('no HTTP-Redirect SingleSignOnService')
  const certificates: PinnedCertificate[] = []
  for (const descriptor of children(idp, NS.metadata, 'KeyDescriptor')) {
    const use = attr(descriptor, 'use')
    if (use !== undefined && use !== 'signing') continue
    for (const element of descendants(descriptor)) {
      if (isElement(element, NS.dsig, 'X509Certificate')) {
        const certificate = parsePinnedCertificate(textOf(element), now)
        if (!certificates.some((c) => c.sha256Fingerprint === certificate.sha256Fingerprint)) {
          certificates.push(certificate)
          // The same limit as every other path; stop reading at the first one too many.
          assertCertificateCount(certificates.length)
        }
      }
    }
  }
  if (certificates.length === 0) throw invalid('no signing certificate')
  const validUntilText = attr(entity, 'validUntil') ?? attr(root, 'validUntil')
  const validUntil =
    validUntilText === undefined ? undefined : parseSAMLTime(validUntilText, 'validUntil')
  if (validUntil !== undefined && validUntil <= now) throw invalid('metadata validUntil has passed')
  const cacheText = attr(entity, 'cacheDuration') ?? attr(root, 'cacheDuration')
  return {
    entityId,
    ssoUrl,
    certificates,
    validUntil,
    cacheDurationMs: cacheText === undefined ? undefined : parseDuration(cacheText),
    wantAuthnRequestsSigned: attr(idp, 'WantAuthnRequestsSigned') === 'true',
  }
}

function entityDescriptor(root: Element): Element {
  if (isElement(root, NS.metadata, 'EntityDescriptor')) return root
  if (isElement(root, NS.metadata, 'EntitiesDescriptor')) {
    const entities = children(root, NS.metadata, 'EntityDescriptor').filter(
      (e) => children(e, NS.metadata, 'IDPSSODescriptor').length > 0,
    )
    if (entities.length === 1) return entities[0] as Element
    throw invalid(`${entities.length} IdP entities; upload the one for this connection`)
  }
  throw invalid('not SAML metadata')
}

/** xs:duration (PnYnMnDTnHnMnS), approximately (months 30 days, years 365): for refresh timing only. */
export function parseDuration(text: string): number | undefined {
  const match =
    /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text,
    )
  if (match === null || text === 'P' || text.endsWith('T')) return undefined
  const [, y, mo, d, h, mi, s] = match.map((v) => (v === undefined ? 0 : Number(v)))
  return (
    ((((y ?? 0) * 365 + (mo ?? 0) * 30 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (mi ?? 0)) * 60_000 +
    (s ?? 0) * 1000
  )
}

function invalid(reason: string): AppError {
  return new AppError('sso.invalid_metadata', { details: { reason } })
}
