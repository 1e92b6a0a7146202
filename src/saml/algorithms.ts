/**
 * Allowlists of XML Signature algorithms (SPEC §3.6; SECURITY-CASES I4, SIG-24, SIG-25, SIG-32): tables,
 * not conditions. No SHA-1, no HMAC, no MD5, no XPath/XSLT/base64 transforms, no #WithComments.
 */

export const SIGNATURE_ALGORITHMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
])

export const DIGEST_ALGORITHMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512',
])

/** The SAML signature profile (saml-core §5.4.3, §5.4.4): exclusive c14n only. */
export const CANONICALIZATION_ALGORITHMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2001/10/xml-exc-c14n#',
])

export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'

/** Transforms a Reference may list, at most two of them (node-saml's rule). */
export const TRANSFORMS: ReadonlySet<string> = new Set([
  ENVELOPED_SIGNATURE,
  'http://www.w3.org/2001/10/xml-exc-c14n#',
])

export const MAX_TRANSFORMS = 2

/** SHA-256 signatures for what we sign (AuthnRequests). */
export const SP_SIGNATURE_ALGORITHM = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'
