/** `portcullis migrate`, `backup`, `keys …` and the break-glass `user …` commands. */
import { OPERATOR_CLI } from '../../audit/audit-event.ts'
import { KEY_PURPOSES, type KeyPurpose } from '../../oidc/signing-key.ts'
import { canonicalizeEmail } from '../../users/email.ts'
import { SSO_OVERRIDES, type SSOOverride } from '../../users/user.ts'
import { text, UsageError, type Command, type Values } from '../command.ts'
import { existsSync } from 'node:fs'
import type { Config } from '../../config/load.ts'
import type { Database } from '../../storage/database.ts'
import { pendingMigrations } from '../../storage/migrate.ts'
import { openDatabase } from '../../storage/open.ts'
import { backupSQLite } from '../../storage/sqlite/backup.ts'
import { VERSION } from '../../platform/version.ts'

/** Opens the database alone (no migration, no app), runs `work`, closes it. */
async function withDatabase<T>(config: Config, work: (database: Database) => Promise<T>) {
  const database = await openDatabase(config.database)
  try {
    return await work(database)
  } finally {
    await database.close()
  }
}

/**
 * `--purpose oidc` (ID tokens, the default), `saml` (the SP's AuthnRequest signing key) or
 * `saml-encryption` (the key IdPs encrypt assertions to).
 */
function purposeOf(values: Values): KeyPurpose {
  const purpose = values['purpose'] ?? 'oidc'
  if (!(KEY_PURPOSES as readonly unknown[]).includes(purpose)) {
    throw new UsageError(`--purpose must be one of ${KEY_PURPOSES.join(', ')}`)
  }
  return purpose as KeyPurpose
}

export const UPKEEP_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  [
    'migrate',
    {
      usage: `migrate [--dry-run]                             bring the database schema up to date
                                                  (--dry-run: list what would run, change nothing)`,
      options: { 'dry-run': { type: 'boolean' } },
      required: [],
      check: () => {},
      // openApp has already migrated; report what that run applied.
      run: async (app) => ({ applied: app.migrations.applied }),
      direct: (config, v) =>
        v['dry-run'] === true
          ? withDatabase(config, async (database) => ({
              pending: await pendingMigrations(database),
            }))
          : undefined,
    },
  ],
  [
    'backup',
    {
      usage: `backup --to FILE                                an online, consistent copy of the SQLite
                                                  database (PostgreSQL: pg_dump, see docs/operator)`,
      options: { to: { type: 'string' } },
      required: ['to'],
      check: (v) => {
        if (text(v, 'to') === '') throw new UsageError('--to needs a file name')
      },
      // Never through openApp: a backup taken before an upgrade must not migrate first.
      direct: async (config, v) => {
        if (config.database.kind !== 'sqlite') {
          throw new UsageError(
            'backup copies a SQLite database; for PostgreSQL use pg_dump (docs/operator/README.md, "Backups")',
          )
        }
        const target = text(v, 'to')
        if (existsSync(target)) throw new UsageError(`${target} exists; choose a new file`)
        const { pages } = await backupSQLite(config.database.path, target)
        return { backup: target, pages, version: VERSION }
      },
      run: async () => {
        throw new Error('backup runs without opening the app')
      },
    },
  ],
  [
    'user sso',
    {
      usage: `user sso --org ORG_ID --email EMAIL --mode disabled|enabled|none
                                                  break-glass: set how one user signs in`,
      options: { org: { type: 'string' }, email: { type: 'string' }, mode: { type: 'string' } },
      required: ['org', 'email', 'mode'],
      check: (v) => {
        canonicalizeEmail(v['email'])
        if (!(SSO_OVERRIDES as readonly unknown[]).includes(v['mode'])) {
          throw new UsageError(`--mode must be one of ${SSO_OVERRIDES.join(', ')}`)
        }
      },
      // Break-glass (SPEC §4): the operator can always turn SSO off for a user.
      run: async (app, v) => {
        const orgId = text(v, 'org')
        const user = await app.services.users.findUserByEmail(orgId, v['email'])
        const changed = await app.services.users.setSSOOverride(
          orgId,
          user.id,
          // The operator's break-glass warns nobody: the owner's way in is still protected.
          { mode: v['mode'] as SSOOverride, confirm: true, acknowledgeLockoutRisk: true },
          OPERATOR_CLI,
        )
        return { userId: changed.id, email: changed.email, ssoOverride: changed.ssoOverride }
      },
    },
  ],
  [
    'user reset-factors',
    {
      usage: `user reset-factors --org ORG_ID --email EMAIL
                                                  break-glass: remove a user's second factors and
                                                  recovery codes (the password alone signs in again)`,
      options: { org: { type: 'string' }, email: { type: 'string' } },
      required: ['org', 'email'],
      check: (v) => void canonicalizeEmail(v['email']),
      run: async (app, v) => {
        const orgId = text(v, 'org')
        const user = await app.services.users.findUserByEmail(orgId, v['email'])
        const removed = await app.services.factors.reset(orgId, user.id, OPERATOR_CLI)
        return { userId: user.id, email: user.email, removed }
      },
    },
  ],
  [
    'user invite',
    {
      usage: `user invite --org ORG_ID --email EMAIL          a new invitation link for a user who has not
                                                  accepted one (earlier links stop working)`,
      options: { org: { type: 'string' }, email: { type: 'string' } },
      required: ['org', 'email'],
      check: (v) => void canonicalizeEmail(v['email']),
      run: async (app, v) => {
        const orgId = text(v, 'org')
        const user = await app.services.users.findUserByEmail(orgId, v['email'])
        const issued = await app.services.invitations.reissueInvitation(
          orgId,
          user.id,
          OPERATOR_CLI,
        )
        return {
          userId: issued.user.id,
          inviteUrl: issued.inviteUrl,
          expiresAt: new Date(issued.expiresAt).toISOString(),
        }
      },
    },
  ],
  [
    'keys rotate',
    {
      usage: `keys rotate [--purpose oidc|oidc-es256|oidc-eddsa|saml|saml-encryption]
                                                  new key (ID tokens, the SAML SP signing key, or the
                                                  key IdPs encrypt assertions to); the old one stays
                                                  published (and decrypts) until retired`,
      options: { purpose: { type: 'string' } },
      required: [],
      check: (v) => void purposeOf(v),
      run: async (app, v) => ({
        purpose: purposeOf(v),
        kid: await app.services.keys.rotate(purposeOf(v)),
      }),
    },
  ],
  [
    'keys retire',
    {
      usage: `keys retire [--purpose …]                       stop publishing (and using) the previous keys`,
      options: { purpose: { type: 'string' } },
      required: [],
      check: (v) => void purposeOf(v),
      run: async (app, v) => ({
        purpose: purposeOf(v),
        retired: await app.services.keys.retire(purposeOf(v)),
      }),
    },
  ],
])
