/**
 * Seeds a database with an OLDER commit's own code (run from that commit's tree by
 * make-upgrade-fixture.sh): its migrations, an organization with an owner who has a password, and a
 * console client. Prints what the upgrade test needs to sign in afterwards.
 *   node scripts/upgrade-fixture-seed.ts OLD_TREE DATABASE_URL
 */
const [tree, databaseUrl] = process.argv.slice(2)
if (tree === undefined || databaseUrl === undefined) {
  throw new Error('usage: upgrade-fixture-seed.ts OLD_TREE DATABASE_URL')
}
const { loadConfig } = await import(`${tree}/src/config/load.ts`)
const { openApp } = await import(`${tree}/src/main.ts`)

const PASSWORD = 'upgrade fixture passphrase'
const REDIRECT = 'http://127.0.0.1:4999/callback'
const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64')
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATABASE_URL: databaseUrl,
  SECRETS_KEY,
  PUBLIC_URL: 'http://127.0.0.1:3000',
}).config
const app = await openApp(config)
try {
  const operator = { type: 'operator', id: 'fixture' }
  const org = await app.services.orgs.createOrganization(
    { name: 'Upgraded', adminEmail: 'owner@upgraded.test' },
    operator,
  )
  const token = decodeURIComponent(org.inviteUrl.split('/invite/')[1] ?? '')
  await app.services.invitations.accept(token, PASSWORD, PASSWORD, {
    ip: '127.0.0.1',
    userAgent: null,
  })
  const { clientId } = await app.services.clients.createClient({
    name: 'Console',
    redirectUris: [REDIRECT],
    confidential: false,
  })
  process.stdout.write(
    `${JSON.stringify(
      {
        organizationId: org.organizationId,
        ownerEmail: 'owner@upgraded.test',
        password: PASSWORD,
        clientId,
        redirectUri: REDIRECT,
        secretsKey: SECRETS_KEY,
        migrations: app.migrations.applied,
      },
      null,
      2,
    )}\n`,
  )
} finally {
  await app.close()
}
