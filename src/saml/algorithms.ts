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

/** Exclusive c14n: the algorithm's URI, also the namespace of its InclusiveNamespaces element. */
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#'

/** The SAML signature profile (saml-core §5.4.3, §5.4.4): exclusive c14n only. */
export const CANONICALIZATION_ALGORITHMS: ReadonlySet<string> = new Set([EXC_C14N])

export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature'

/** Transforms a Reference may list, at most two of them (node-saml's rule). */
export const TRANSFORMS: ReadonlySet<string> = new Set([ENVELOPED_SIGNATURE, EXC_C14N])

export const MAX_TRANSFORMS = 2

/** SHA-256 signatures for what we sign (AuthnRequests). */
export const SP_SIGNATURE_ALGORITHM = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'

/**
 * XML Encryption of assertions (issue 28): key transport RSA-OAEP only — PKCS#1 v1.5 (`xmlenc#rsa-1_5`)
 * is refused before any RSA operation (Bleichenbacher). Both OAEP identifiers: `rsa-oaep-mgf1p` fixes
 * MGF1 to SHA-1; XML Encryption 1.1's `rsa-oaep` names its MGF in an `xenc11:MGF` child.
 */
export const KEY_TRANSPORT_ALGORITHMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
  'http://www.w3.org/2009/xmlenc11#rsa-oaep',
])

/** OAEP digests (the `ds:DigestMethod` of a key transport), by URI; absent means SHA-1. */
export const OAEP_DIGESTS: Readonly<Record<string, 'sha1' | 'sha256' | 'sha512'>> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
}

/** MGF1 digests of XML Encryption 1.1's `rsa-oaep`, by URI; absent means SHA-1. */
export const MGF1_DIGESTS: Readonly<Record<string, 'sha1' | 'sha256' | 'sha512'>> = {
  'http://www.w3.org/2009/xmlenc11#mgf1sha1': 'sha1',
  'http://www.w3.org/2009/xmlenc11#mgf1sha256': 'sha256',
  'http://www.w3.org/2009/xmlenc11#mgf1sha512': 'sha512',
}

/** Authenticated data encryption: always accepted when encryption is on. */
export const GCM_ALGORITHMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
])

/**
 * AES-CBC has no integrity of its own (the 2011 XML Encryption attacks recover plaintext through an SP's
 * answers to altered ciphertext), yet Entra ID and AD FS encrypt only with it and SimpleSAMLphp 1.x,
 * Okta, Keycloak and PingFederate default to it. It is accepted only inside a Response whose signature
 * covers the ciphertext and is verified before anything is decrypted. Triple DES never.
 */
export const CBC_ALGORITHMS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
])

/** What the SP metadata lists as `md:EncryptionMethod`s, strongest first. */
export const SP_ENCRYPTION_METHODS: readonly string[] = [
  'http://www.w3.org/2009/xmlenc11#aes256-gcm',
  'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'http://www.w3.org/2009/xmlenc11#rsa-oaep',
  'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
]
