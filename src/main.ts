/**
 * Composition root (STYLE rule 5): config → database → migrations → repositories → services → HTTP.
 * The server entry (`start.ts`) and the operator CLI both build the application here.
 */
import { RoleMappingService } from './services/organization/role-mapping-service.ts'
import { createSecretBox } from './platform/secret-box.ts'
import type { FastifyInstance } from 'fastify'
import { AdminAPITokenService } from './services/organization/api-token-service.ts'
import { ConfigError, type Config } from './config/load.ts'
import { buildServer } from './http/server.ts'
import { OIDCClientService } from './services/organization/oidc-client-service.ts'
import { OrganizationService } from './services/operator/organization-service.ts'
import { OrgChangeService } from './services/operator/org-change-service.ts'
import { OperatorTokenService } from './services/operator/operator-token-service.ts'
import { SetupLinkService } from './services/operator/setup-link-service.ts'
import { EventRecorder } from './services/organization/event-recorder.ts'
import { EventLogService } from './services/organization/event-log-service.ts'
import { validateFeatures } from './orgs/organization.ts'
import { isAppError } from './errors/app-error.ts'
import { SignInContextService } from './services/sign-in/sign-in-context.ts'
import { LoginService } from './services/sign-in/login-service.ts'
import { AdminPrincipalService } from './services/organization/admin-principal.ts'
import { OrgSettingsService } from './services/organization/org-settings-service.ts'
import { DEFAULT_CLOCK_SKEW_SECONDS, type SettingBounds } from './orgs/org-settings.ts'
import { SessionService } from './services/sign-in/session-service.ts'
import { OIDCService } from './services/sign-in/oidc-service.ts'
import { SigningKeyService } from './services/sign-in/signing-key-service.ts'
import { InvitationService } from './services/directory/invitation-service.ts'
import { UserService } from './services/directory/user-service.ts'
import { DomainService } from './services/organization/domain-service.ts'
import { EnforcementService } from './services/organization/enforcement-service.ts'
import { AuditService } from './services/organization/audit-service.ts'
import { ACSService } from './services/sign-in/acs-service.ts'
import { SSOStartService } from './services/sign-in/sso-start-service.ts'
import { SCIMGroupService } from './services/directory/scim-group-service.ts'
import { SCIMTokenService } from './services/directory/scim-token-service.ts'
import { SCIMUserService } from './services/directory/scim-user-service.ts'
import { OutboxService } from './services/organization/outbox-service.ts'
import { MetadataRefreshService } from './services/organization/metadata-refresh-service.ts'
import { SSOProfileService } from './services/organization/sso-profile-service.ts'
import { availableParallelism } from 'node:os'
import { KEY_PURPOSES } from './oidc/signing-key.ts'
import { JobRunner } from './services/organization/job-runner.ts'
import { configurePasswordWork, passwordWorkLimits } from './users/password.ts'
import { ImportService } from './services/directory/import-service.ts'
import { AdoptionService } from './services/directory/adoption-service.ts'
import { PasswordResetService } from './services/sign-in/password-reset-service.ts'
import { createDNSResolver } from './platform/dns.ts'
import { RECHECK_INTERVAL_MS } from './domains/domain.ts'
import { createLogger } from './platform/log.ts'
import { createMailSender } from './platform/mail.ts'
import { fetchText, METADATA_FETCH_DEADLINE_MS } from './platform/fetch.ts'
import { isLoopbackHost } from './platform/hosts.ts'
import { SYSTEM_CLOCK, type Clock } from './platform/clock.ts'
import type { Logger } from './platform/log.ts'
import type { Database } from './storage/database.ts'
import { migrateToLatest, type MigrateResult } from './storage/migrate.ts'
import { openDatabase } from './storage/open.ts'
import { createStore } from './storage/store.ts'
import { UNCONFIRMED_TTL_MS } from './factors/second-factor.ts'
import { WebhookDispatcher } from './services/operator/webhook-dispatcher.ts'
import { WebhookService } from './services/operator/webhook-service.ts'
import { AccountService } from './services/sign-in/account-service.ts'
import { PasskeyService } from './services/sign-in/passkey-service.ts'
import { FactorService } from './services/sign-in/factor-service.ts'

export interface AppDeps {
  readonly clock?: Clock
  /** Where periodic jobs log; silent by default (the CLI runs no jobs). */
  readonly logger?: Logger
}

export interface App {
  readonly config: Config
  readonly database: Database
  /** What bringing the schema up to date did at open. */
  readonly migrations: MigrateResult
  readonly services: {
    readonly orgs: OrganizationService
    readonly orgChanges: OrgChangeService
    readonly operatorTokens: OperatorTokenService
    readonly setupLinks: SetupLinkService
    readonly events: EventLogService
    readonly webhooks: WebhookService
    readonly factors: FactorService
    readonly account: AccountService
    readonly dispatcher: WebhookDispatcher
    readonly clients: OIDCClientService
    readonly apiTokens: AdminAPITokenService
    readonly users: UserService
    readonly invitations: InvitationService
    readonly sessions: SessionService
    readonly keys: SigningKeyService
    readonly oidc: OIDCService
    readonly login: LoginService
    readonly settings: OrgSettingsService
    readonly signInContexts: SignInContextService
    readonly principals: AdminPrincipalService
    readonly domains: DomainService
    readonly enforcement: EnforcementService
    readonly audit: AuditService
    readonly ssoStart: SSOStartService
    readonly acs: ACSService
    readonly ssoProfiles: SSOProfileService
    readonly metadataRefresh: MetadataRefreshService
    readonly outbox: OutboxService
    readonly scimTokens: SCIMTokenService
    readonly scimUsers: SCIMUserService
    readonly scimGroups: SCIMGroupService
    readonly roleMappings: RoleMappingService
    readonly imports: ImportService
    readonly adoption: AdoptionService
    readonly resets: PasswordResetService
  }
  /** Periodic jobs (domain re-check, metadata refresh, expired-row sweep), shared by all instances through a database lease. */
  readonly jobs: JobRunner
  close(): Promise<void>
}

/** Opens the database, brings its schema up to date and wires the services. */
export async function openApp(config: Config, deps: AppDeps = {}): Promise<App> {
  const clock = deps.clock ?? SYSTEM_CLOCK
  const defaultFeatures = readDefaultFeatures(config)
  const logger = deps.logger ?? createLogger('silent')
  // An outage fails every request; its cause is logged once per interval, not once per request.
  let lastOutageLog = 0
  const database = await openDatabase(config.database, (cause) => {
    if (Date.now() - lastOutageLog < 10_000) return
    lastOutageLog = Date.now()
    logger.warn({ err: cause }, 'database unavailable; answering 503 (logged at most every 10 s)')
  })
  let migrations: MigrateResult
  try {
    migrations = await migrateToLatest(database)
  } catch (error) {
    await database.close()
    throw error
  }
  const recorder = new EventRecorder({
    publicUrl: config.publicUrl,
    domainRecord: config.domainRecord,
  })
  // A commit that wrote events starts the webhook fan-out now (jobs is made below, before any request).
  let jobsRef: JobRunner | undefined
  const store = createStore(
    database,
    (events, repos) => recorder.record(events, repos),
    () => jobsRef?.nudge(WEBHOOK_JOBS),
  )
  const secretBox = createSecretBox(config.secretsKey)
  configurePasswordWork(
    passwordWorkLimits(
      config.passwordConcurrency === 0 ? availableParallelism() : config.passwordConcurrency,
      config.passwordQueue,
      { running: config.passwordSourceSlots, waiting: config.passwordSourceQueue },
    ),
  )
  const issuer = config.publicUrl
  const bounds = settingBounds(config)
  const settings = new OrgSettingsService({ store, clock, bounds })
  const lifetimesFor = (orgId: string) => settings.sessionLifetimes(orgId)
  const invitationLifetimeMs = (orgId: string) => settings.invitationLifetimeMs(orgId)
  const sessions = new SessionService({ store, clock, lifetimesFor })
  const keys = new SigningKeyService({
    store,
    clock,
    secrets: secretBox,
  })
  const ssoStart = new SSOStartService({ store, clock, publicUrl: config.publicUrl, keys })
  const apiTokens = new AdminAPITokenService({ store, clock })
  const mailer = createMailSender(
    { ...config.mail, logInDevelopment: config.env === 'development' },
    logger,
  )
  const domains = new DomainService({
    store,
    clock,
    dns: createDNSResolver(config.dnsServers, config.dnsTimeoutMs),
    record: config.domainRecord,
  })
  const metadataAccess = {
    fetchMetadata: (url: string, signal?: AbortSignal) =>
      fetchText(url, {
        timeoutMs: METADATA_FETCH_DEADLINE_MS,
        maxBytes: 512 * 1024,
        allowPrivate: config.metadataAllowPrivate,
        ...(signal === undefined ? {} : { signal }),
      }),
    allowHttpIdP: config.env !== 'production' || isLoopbackHost(new URL(config.publicUrl).hostname),
  }
  const ssoProfiles = new SSOProfileService({
    store,
    clock,
    publicUrl: config.publicUrl,
    ...metadataAccess,
    defaultClockSkewSeconds: (orgId) => settings.defaultClockSkewSeconds(orgId),
    maxClockSkewSeconds: config.samlMaxClockSkewSeconds,
  })
  const metadataRefresh = new MetadataRefreshService({ store, clock, mailer, ...metadataAccess })
  const invitations = new InvitationService({
    store,
    clock,
    publicUrl: config.publicUrl,
    invitationLifetimeMs,
    mailer,
  })
  const resets = new PasswordResetService({ store, clock, mailer, publicUrl: config.publicUrl })
  const outbox = new OutboxService({
    store,
    clock,
    mailer,
    renderers: {
      password_reset: (message) =>
        message.refId === null ? Promise.resolve(null) : resets.renderQueuedReset(message.refId),
      // An admin's forced reset: the same link, in words that say the old password is gone.
      password_reset_forced: (message) =>
        message.refId === null
          ? Promise.resolve(null)
          : resets.renderQueuedReset(message.refId, { forced: true }),
      invitation: (message) =>
        message.orgId === null || message.refId === null
          ? Promise.resolve(null)
          : invitations.renderQueuedInvitation(message.orgId, message.refId),
    },
  })
  const imports = new ImportService({ store, clock, mailer, batchSize: config.importBatchRows })
  const webhooks = new WebhookService({
    store,
    clock,
    secrets: secretBox,
    allowPrivate: config.webhookAllowPrivate,
    onQueued: () => jobsRef?.nudge(WEBHOOK_JOBS),
  })
  const dispatcher = new WebhookDispatcher({
    store,
    clock,
    secrets: secretBox,
    keys,
    issuer,
    timeoutMs: config.webhookTimeoutMs,
    allowPrivate: config.webhookAllowPrivate,
  })
  const jobs = new JobRunner({
    store,
    clock,
    logger,
    leaseMs: config.jobLeaseMs,
    jobs: [
      {
        // Before the outbox: invitations an import queues go out in the same poll.
        name: 'user-imports',
        intervalMs: 0,
        budgetMs: 2 * 60_000,
        run: ({ signal }) => imports.processRuns(signal),
      },
      {
        // Events to deliveries, then deliveries out: both as soon as a change commits.
        name: 'webhook-fanout',
        intervalMs: 0,
        budgetMs: 60_000,
        run: ({ signal }) => dispatcher.fanOut(signal),
      },
      {
        name: 'webhook-delivery',
        intervalMs: 0,
        budgetMs: 2 * 60_000,
        run: ({ signal }) => dispatcher.deliverDue(signal),
      },
      {
        name: 'mail-outbox',
        intervalMs: 0,
        budgetMs: 2 * 60_000,
        run: ({ signal }) => outbox.drain(signal),
      },
      {
        name: 'domain-recheck',
        intervalMs: RECHECK_INTERVAL_MS,
        budgetMs: 10 * 60_000,
        run: ({ signal }) => domains.recheckDue(signal),
      },
      {
        name: 'metadata-refresh',
        intervalMs: 3600_000,
        budgetMs: 5 * 60_000,
        run: ({ signal }) => metadataRefresh.refreshDueMetadata(signal),
      },
      {
        name: 'sso-expiry-warnings',
        intervalMs: RECHECK_INTERVAL_MS,
        budgetMs: 5 * 60_000,
        run: ({ signal }) => metadataRefresh.warnExpiring(signal),
      },
      {
        name: 'sweep-expired',
        intervalMs: 3600_000,
        budgetMs: 5 * 60_000,
        // Ended sessions stay a week for investigations; everything single-use goes once expired;
        // events after EVENT_RETENTION_DAYS.
        run: () =>
          store.transaction(async ({ maintenance, events, webhooks, factors }) => ({
            ...(await maintenance.sweepExpired(clock.now(), 7 * 24 * 3600_000)),
            events: await events.sweep(clock.now() - config.eventRetentionMs),
            webhooks: await webhooks.sweep(clock.now() - config.eventRetentionMs),
            unconfirmedFactors: await factors.sweepUnconfirmed(clock.now() - UNCONFIRMED_TTL_MS),
          })),
      },
    ],
  })
  jobsRef = jobs
  const factors = new FactorService({
    store,
    clock,
    secrets: secretBox,
    mailer,
    issuerName: config.branding.productName,
  })
  const passkeys = new PasskeyService({
    store,
    clock,
    publicUrl: config.publicUrl,
    rpName: config.branding.productName,
  })
  return {
    config,
    database,
    migrations,
    services: {
      orgs: new OrganizationService({
        store,
        clock,
        publicUrl: config.publicUrl,
        inviteTtlMs: config.inviteTtlMs,
        defaultFeatures,
        invitations,
      }),
      orgChanges: new OrgChangeService({ store, clock }),
      events: new EventLogService({ store }),
      webhooks,
      dispatcher,
      factors,
      account: new AccountService({ store, clock, factors, passkeys }),
      operatorTokens: new OperatorTokenService({ store, clock }),
      setupLinks: new SetupLinkService({
        store,
        clock,
        publicUrl: config.publicUrl,
        ttlMs: config.setupLinkTtlMs,
      }),
      clients: new OIDCClientService({ store, clock }),
      apiTokens,
      users: new UserService({ store, clock, mailer }),
      invitations,
      imports,
      adoption: new AdoptionService({ store, clock }),
      resets,
      sessions,
      keys,
      oidc: new OIDCService({ store, clock, issuer, keys, sessions }),
      login: new LoginService({
        store,
        clock,
        secrets: secretBox,
        mailer,
        issuer,
        settingBounds: bounds,
        ssoStart,
        factors,
        passkeys,
      }),
      settings,
      signInContexts: new SignInContextService({
        store,
        consoleUrl: config.branding.consoleUrl,
      }),
      principals: new AdminPrincipalService({ apiTokens, sessions, store, clock }),
      domains,
      enforcement: new EnforcementService({ store, clock }),
      audit: new AuditService({ store }),
      ssoStart,
      acs: new ACSService({
        store,
        clock,
        publicUrl: config.publicUrl,
        settingBounds: bounds,
        maxClockSkewSeconds: config.samlMaxClockSkewSeconds,
        start: ssoStart,
        keys,
      }),
      ssoProfiles,
      metadataRefresh,
      outbox,
      scimTokens: new SCIMTokenService({ store, clock }),
      scimUsers: new SCIMUserService({
        store,
        clock,
        publicUrl: config.publicUrl,
        invitationLifetimeMs,
        mailer,
      }),
      scimGroups: new SCIMGroupService({ store, clock, publicUrl: config.publicUrl }),
      roleMappings: new RoleMappingService({ store, clock }),
    },
    jobs,
    close: () => database.close(),
  }
}

/** The jobs a commit that wrote events wakes (not every job: they have nothing new to do). */
const WEBHOOK_JOBS = ['webhook-fanout', 'webhook-delivery'] as const

/** How often an instance looks for webhook work it was not told of (see startServer). */
const WEBHOOK_CHECK_MS = 2000

export interface RunningServer {
  readonly app: App
  readonly http: FastifyInstance
  /** The address actually bound (useful with PORT=0 in tests). */
  readonly url: string
  /** Stops taking requests, lets in-flight ones finish (bounded), closes the database. */
  shutdown(): Promise<void>
}

export async function startServer(
  config: Config,
  logger: Logger,
  deps: AppDeps = {},
): Promise<RunningServer> {
  const app = await openApp(config, { logger, ...deps })
  let draining = false
  // Generate the signing key now (first start), not on the first login.
  for (const purpose of KEY_PURPOSES) await app.services.keys.activeKey(purpose)
  await app.services.clients.ensureAdminCenterClient(config.publicUrl)
  const http = await buildServer({
    config,
    logger,
    health: { ping: () => app.database.ping(), isDraining: () => draining },
    services: app.services,
    onImportQueued: () => app.jobs.nudge(),
  })
  let address: string
  try {
    address = await http.listen({ port: config.port, host: config.host })
  } catch (error) {
    await app.close()
    throw error
  }
  app.jobs.start(config.jobPollMs)
  // Events committed by other processes (the CLI) and deliveries a dead instance held: a cheap look
  // every few seconds starts the webhook jobs without waiting for JOB_POLL_SECONDS.
  const webhookCheck =
    config.jobPollMs > 0
      ? setInterval(() => {
          app.services.dispatcher.hasWork().then(
            (work) => work && app.jobs.nudge(WEBHOOK_JOBS),
            (error: unknown) => logger.warn({ err: error }, 'webhook check failed'),
          )
        }, WEBHOOK_CHECK_MS).unref()
      : undefined
  let stopping: Promise<void> | undefined
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      draining = true
      clearInterval(webhookCheck)
      // Bounded: a running job is asked to stop and waited for at most its grace.
      await app.jobs.stop()
      const timer = setTimeout(() => {
        logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; closing anyway')
        http.server.closeAllConnections()
      }, config.shutdownTimeoutMs)
      timer.unref()
      await http.close()
      clearTimeout(timer)
      await app.close()
    })()
    return stopping
  }
  return { app, http, url: address, shutdown }
}

/** ORG_DEFAULT_FEATURES, each a known feature (checked here: the feature list is the organizations'). */
function readDefaultFeatures(config: Config) {
  try {
    return validateFeatures(config.orgDefaultFeatures, 'ORG_DEFAULT_FEATURES')
  } catch (error) {
    if (!isAppError(error)) throw error
    throw new ConfigError([
      `ORG_DEFAULT_FEATURES: "${config.orgDefaultFeatures.join(',')}" holds an unknown feature (known: sso, scim, import)`,
    ])
  }
}

/** The deployment's settings as an organization's defaults and bounds. */
function settingBounds(config: Config): SettingBounds {
  const sessionLifetimeSeconds = config.sessionAbsoluteMs / 1000
  const sessionIdleTimeoutSeconds = config.sessionIdleMs / 1000
  const invitationLifetimeSeconds = config.inviteTtlMs / 1000
  const maxSkew = config.samlMaxClockSkewSeconds
  return {
    defaults: {
      sessionLifetimeSeconds,
      sessionIdleTimeoutSeconds,
      invitationLifetimeSeconds,
      defaultClockSkewSeconds: Math.min(DEFAULT_CLOCK_SKEW_SECONDS, maxSkew),
    },
    maximums: {
      sessionLifetimeSeconds,
      sessionIdleTimeoutSeconds,
      invitationLifetimeSeconds,
      defaultClockSkewSeconds: maxSkew,
    },
  }
}
