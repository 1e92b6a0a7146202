/** The ordered list of migrations; one set for both engines (STYLE rule 10). Never edit a shipped one. */
import type { Migration } from 'kysely/migration'
import * as initial from './0001-initial.ts'
import * as login from './0002-login.ts'
import * as jobs from './0003-jobs.ts'
import * as saml from './0004-saml.ts'
import * as hardening from './0005-hardening.ts'
import * as scim from './0006-scim.ts'
import * as tokenManagement from './0007-token-management.ts'
import * as imports from './0008-imports.ts'
import * as passwordReset from './0009-password-reset.ts'
import * as idTokenAlg from './0010-id-token-alg.ts'
import * as uiLocales from './0011-ui-locales.ts'
import * as knownDevices from './0012-known-devices.ts'
import * as operatorAPI from './0013-operator-api.ts'
import * as events from './0014-events.ts'
import * as webhooks from './0015-webhooks.ts'
import * as secondFactors from './0016-second-factors.ts'
import * as enrolmentAndPasskeys from './0017-enrolment-and-passkeys.ts'
import * as idpProduct from './0018-idp-product.ts'
import * as mailLanguages from './0019-mail-languages.ts'
import * as assertionEncryption from './0020-assertion-encryption.ts'
import * as roleMapping from './0021-role-mapping.ts'

export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': initial,
  '0002-login': login,
  '0003-jobs': jobs,
  '0004-saml': saml,
  '0005-hardening': hardening,
  '0006-scim': scim,
  '0007-token-management': tokenManagement,
  '0008-imports': imports,
  '0009-password-reset': passwordReset,
  '0010-id-token-alg': idTokenAlg,
  '0011-ui-locales': uiLocales,
  '0012-known-devices': knownDevices,
  '0013-operator-api': operatorAPI,
  '0014-events': events,
  '0015-webhooks': webhooks,
  '0016-second-factors': secondFactors,
  '0017-enrolment-and-passkeys': enrolmentAndPasskeys,
  '0018-idp-product': idpProduct,
  '0019-mail-languages': mailLanguages,
  '0020-assertion-encryption': assertionEncryption,
  '0021-role-mapping': roleMapping,
})
