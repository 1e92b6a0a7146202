/**
 * The HTTP edge: one Fastify instance, security headers on every response, one error mapper.
 * Routes are registered by their own files; this file holds what applies to all of them.
 */
import type { RoleMappingService } from '../services/organization/role-mapping-service.ts'
import { randomUUID } from 'node:crypto'
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import type { Config } from '../config/load.ts'
import { accessLogger, type Logger } from '../platform/log.ts'
import type { SignInContextService } from '../services/sign-in/sign-in-context.ts'
import type { LoginService } from '../services/sign-in/login-service.ts'
import type { OIDCService } from '../services/sign-in/oidc-service.ts'
import type { SigningKeyService } from '../services/sign-in/signing-key-service.ts'
import type { AdminAPITokenService } from '../services/organization/api-token-service.ts'
import type { InvitationService } from '../services/directory/invitation-service.ts'
import type { UserService } from '../services/directory/user-service.ts'
import { registerOpenAPI } from './routes/admin/openapi.ts'
import { registerUserChangeRoutes, registerUserRoutes } from './routes/admin/user-routes.ts'
import { registerFactorRoutes } from './routes/admin/factor-routes.ts'
import { registerUserSessionRoutes } from './routes/admin/user-session-routes.ts'
import type { FactorService } from '../services/sign-in/factor-service.ts'
import { registerAdminScope, registerFeatureRoutes } from './routes/admin/admin-scope.ts'
import { registerDomainRoutes } from './routes/admin/domain-routes.ts'
import { registerEnforcementRoutes } from './routes/admin/enforcement-routes.ts'
import { registerAuditRoutes } from './routes/admin/audit-routes.ts'
import type { AuditService } from '../services/organization/audit-service.ts'
import type { ACSService } from '../services/sign-in/acs-service.ts'
import type { SSOStartService } from '../services/sign-in/sso-start-service.ts'
import type { SSOProfileService } from '../services/organization/sso-profile-service.ts'
import { registerSAMLRoutes } from './routes/saml/saml-routes.ts'
import { registerSSOProfileRoutes } from './routes/admin/sso-profile-routes.ts'
import {
  apiTokenRoutes,
  registerTokenRoutes,
  scimTokenRoutes,
} from './routes/admin/token-routes.ts'
import type { SCIMTokenService } from '../services/directory/scim-token-service.ts'
import type { SCIMUserService } from '../services/directory/scim-user-service.ts'
import type { SCIMGroupService } from '../services/directory/scim-group-service.ts'
import { canonicalSCIMUrl, registerSCIMRoutes } from './routes/scim/scim-routes.ts'
import { registerGroupRoutes } from './routes/admin/group-routes.ts'
import { registerSettingsRoutes } from './routes/admin/settings-routes.ts'
import { registerRoleMappingRoutes } from './routes/admin/role-mapping-routes.ts'
import type { OrgSettingsService } from '../services/organization/org-settings-service.ts'
import { registerImportRoutes } from './routes/admin/import-routes.ts'
import { registerInvitationRoutes } from './routes/admin/invitation-routes.ts'
import type { ImportService } from '../services/directory/import-service.ts'
import type { AdoptionService } from '../services/directory/adoption-service.ts'
import { registerXMLParser } from './request.ts'
import type { EnforcementService } from '../services/organization/enforcement-service.ts'
import type { DomainService } from '../services/organization/domain-service.ts'
import { registerSessionRoutes } from './routes/admin/session-routes.ts'
import type { AdminPrincipalService } from '../services/organization/admin-principal.ts'
import { cookieNames } from './cookies.ts'
import { registerUnreadBodyDrain } from './unread-body.ts'
import { lazySchemaCompilers } from './lazy-schema-compilers.ts'
import { mapJSONError } from './errors/admin-api.ts'
import { LOGO_PATH, STYLESHEET_PATH } from './html/layout.ts'
import { stylesheet } from './html/stylesheet.ts'
import { pageFrames } from './page-frames.ts'
import { registerFormParser, sendPage } from './request.ts'
import { AppError } from '../errors/app-error.ts'
import { toLoginPageError } from './errors/login-page.ts'
import { errorPage } from './routes/login/pages.ts'
import { registerHealthRoutes, type HealthDeps } from './routes/health.ts'
import { registerMetricsRoute } from './routes/metrics.ts'
import { metrics } from '../platform/metrics.ts'
import { registerLoginRoutes } from './routes/login/login-routes.ts'
import { registerOIDCRoutes } from './routes/oidc/oidc-routes.ts'
import { registerResetRoutes } from './routes/login/reset-routes.ts'
import { registerAdminCenterRoutes } from './routes/admin-center/admin-center-routes.ts'
import { registerAccountRoutes } from './routes/account/account-routes.ts'
import { PASSKEY_SCRIPT_PATH, passkeyScript } from './assets/passkey-script.ts'
import { faviconSvg } from './assets/favicon.ts'
import type { AccountService } from '../services/sign-in/account-service.ts'
import type { SessionService } from '../services/sign-in/session-service.ts'
import { loadAdminCenterFiles } from './routes/admin-center/admin-center-files.ts'
import type { PasswordResetService } from '../services/sign-in/password-reset-service.ts'
import type { OperatorTokenService } from '../services/operator/operator-token-service.ts'
import type { OrganizationService } from '../services/operator/organization-service.ts'
import type { OrgChangeService } from '../services/operator/org-change-service.ts'
import type { SetupLinkService } from '../services/operator/setup-link-service.ts'
import type { OIDCClientService } from '../services/organization/oidc-client-service.ts'
import { registerOperatorAPI } from './routes/operator/operator-routes.ts'
import { registerEventRoutes } from './routes/admin/event-routes.ts'
import type { EventLogService } from '../services/organization/event-log-service.ts'
import type { WebhookService } from '../services/operator/webhook-service.ts'

/** Paths whose responses are pages for people, not JSON for programs. */
const HTML_SURFACES =
  /^\/(?:login|invite|reset|saml|account)(?:[/?]|$)|^\/oauth2\/(?:authorize|logout)(?:[/?]|$)/

export interface ServerDeps {
  readonly config: Config
  readonly logger: Logger
  /** Compile every route's schemas at start rather than at each route's first request (a test's check). */
  readonly eagerSchemas?: boolean
  readonly health: HealthDeps
  readonly services: {
    readonly login: LoginService
    readonly signInContexts: SignInContextService
    readonly settings: OrgSettingsService
    readonly invitations: InvitationService
    readonly oidc: OIDCService
    readonly keys: SigningKeyService
    readonly users: UserService
    readonly apiTokens: AdminAPITokenService
    readonly principals: AdminPrincipalService
    readonly domains: DomainService
    readonly enforcement: EnforcementService
    readonly audit: AuditService
    readonly ssoStart: SSOStartService
    readonly acs: ACSService
    readonly scimTokens: SCIMTokenService
    readonly scimUsers: SCIMUserService
    readonly scimGroups: SCIMGroupService
    readonly roleMappings: RoleMappingService
    readonly ssoProfiles: SSOProfileService
    readonly imports: ImportService
    readonly adoption: AdoptionService
    readonly resets: PasswordResetService
    readonly operatorTokens: OperatorTokenService
    readonly orgs: OrganizationService
    readonly orgChanges: OrgChangeService
    readonly setupLinks: SetupLinkService
    readonly clients: OIDCClientService
    readonly events: EventLogService
    readonly webhooks: WebhookService
    readonly factors: FactorService
    readonly account: AccountService
    readonly sessions: SessionService
  }
  /** Called when an import run was queued, so the job runner picks it up now. */
  readonly onImportQueued?: () => void
}

/** One log line per request, written when it ends, with what people look for (Fastify writes two). */
class OneLinePerRequest extends LogController {
  readonly #access: Logger

  constructor(logger: Logger) {
    super()
    this.#access = accessLogger(logger)
  }

  override incomingRequest(): void {}
  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const fields = {
      req: request,
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    }
    // An error is any object: its line keeps the request logger and its path redaction.
    if (error) request.log.error({ ...fields, err: error }, 'request errored')
    else this.#access.info({ reqId: request.id, ...fields }, 'request completed')
  }
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config } = deps
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy === undefined ? false : [...config.trustProxy],
    genReqId: () => randomUUID(),
    rewriteUrl: (request) => canonicalSCIMUrl(request.url ?? '/'),
    requestIdHeader: false,
    logController: new OneLinePerRequest(deps.logger),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Bodies are validated as sent: no silent type coercion, no silently dropped unknown fields.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
    schemaController: { compilersFactory: lazySchemaCompilers(deps.eagerSchemas) },
  })

  app.decorate('ipv6Prefix', config.ipv6Prefix)
  registerUnreadBodyDrain(app)
  const hsts = new URL(config.publicUrl).protocol === 'https:'
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never the URL: labels stay a bounded set.
    const route = request.routeOptions.url ?? 'unmatched'
    const status = `${Math.floor(reply.statusCode / 100)}xx`
    metrics.httpSeconds.observe({ route, method: request.method, status }, reply.elapsedTime / 1000)
    if (route.startsWith('/scim/v2/')) {
      metrics.scimRequests.inc({ method: request.method, status: String(reply.statusCode) })
    }
  })

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
    reply.header('x-frame-options', 'DENY')
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store')
    // RFC 6797: browsers that reached us over https keep to https. Not includeSubDomains: the
    // operator's other hosts under the same name are theirs to decide.
    if (hsts) reply.header('strict-transport-security', 'max-age=31536000')
    // Every 503 (database unreachable or full, draining) says when to come back, on every surface.
    if (reply.statusCode === 503 && !reply.hasHeader('retry-after'))
      reply.header('retry-after', '5')
    return payload
  })

  const frame = pageFrames(config.branding)
  const contexts = deps.services.signInContexts
  app.setErrorHandler((error, request, reply) => {
    const mapped = mapJSONError(error)
    if (mapped.unexpected) {
      request.log.error({ err: error }, 'unhandled error')
    } else if (mapped.status >= 500 && mapped.body.error.code !== 'service.unavailable') {
      request.log.warn({ code: mapped.body.error.code }, 'request failed')
    }
    if (HTML_SURFACES.test(request.url)) {
      // Errors raised before a page handler runs (oversized or malformed form bodies) still get a page.
      const pageError = toLoginPageError(new AppError(mapped.body.error.code))
      return sendPage(reply, mapped.status, errorPage(frame(request), pageError))
    }
    return reply.code(mapped.status).send(mapped.body)
  })

  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'route.not_found', message: 'No such endpoint.' } }),
  )

  // JSON and forms only; text/plain is what a cross-site form can send without a preflight.
  app.removeContentTypeParser('text/plain')
  registerFormParser(app)
  await registerOpenAPI(app, config.publicUrl)
  registerHealthRoutes(app, deps.health)
  const css = stylesheet(config.branding.accentColor)
  app.get(STYLESHEET_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(css),
  )
  const script = passkeyScript()
  app.get(PASSKEY_SCRIPT_PATH, async (_request, reply) =>
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .header('x-content-type-options', 'nosniff')
      .send(script),
  )
  // Browsers ask for /favicon.ico on every page: an icon in the brand's colour, not a 404 in the
  // console (issue 27).
  const favicon = faviconSvg(config.branding.accentColor)
  app.get('/favicon.ico', async (_request, reply) =>
    reply
      .header('content-type', 'image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(favicon),
  )
  const { logo } = config.branding
  if (logo !== undefined) {
    app.get(LOGO_PATH, async (_request, reply) =>
      reply
        .header('content-type', logo.contentType)
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        // An SVG opened on its own runs no script and loads nothing.
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .send(logo.bytes),
    )
  }
  const cookies = cookieNames(config.secureCookies)
  const { principals } = deps.services
  registerSessionRoutes(app, {
    principals,
    cookies,
    setupLinks: deps.services.setupLinks,
    mail: config.mail.smtpUrl !== undefined,
  })
  await registerAdminScope(app, { principals, cookies }, (scope, principalOf) => {
    const users = { users: deps.services.users, invitations: deps.services.invitations }
    registerFeatureRoutes(scope, principalOf, 'import', (imports) =>
      registerImportRoutes(imports, principalOf, {
        imports: deps.services.imports,
        adoption: deps.services.adoption,
        invitations: deps.services.invitations,
        ...(deps.onImportQueued === undefined ? {} : { onRunQueued: deps.onImportQueued }),
      }),
    )
    registerUserRoutes(scope, principalOf, users)
    registerInvitationRoutes(scope, { invitations: deps.services.invitations })
    registerUserChangeRoutes(scope, principalOf, users)
    registerFactorRoutes(scope, principalOf, { factors: deps.services.factors })
    registerUserSessionRoutes(scope, principalOf, { users: deps.services.users })
    registerDomainRoutes(scope, principalOf, { domains: deps.services.domains })
    registerFeatureRoutes(scope, principalOf, 'sso', (sso) => {
      registerEnforcementRoutes(sso, principalOf, { enforcement: deps.services.enforcement })
      registerXMLParser(sso)
      registerSSOProfileRoutes(sso, principalOf, {
        profiles: deps.services.ssoProfiles,
        keys: deps.services.keys,
        publicUrl: config.publicUrl,
      })
    })
    registerAuditRoutes(scope, { audit: deps.services.audit })
    registerEventRoutes(scope, { events: deps.services.events })
    registerTokenRoutes(scope, principalOf, apiTokenRoutes(deps.services.apiTokens))
    registerFeatureRoutes(scope, principalOf, 'scim', (scim) => {
      registerTokenRoutes(
        scim,
        principalOf,
        scimTokenRoutes(deps.services.scimTokens, config.publicUrl),
      )
      registerGroupRoutes(scim, { groups: deps.services.scimGroups })
    })
    registerSettingsRoutes(scope, principalOf, { settings: deps.services.settings })
    registerRoleMappingRoutes(scope, principalOf, { roleMappings: deps.services.roleMappings })
  })
  await registerOperatorAPI(app, {
    tokens: deps.services.operatorTokens,
    orgs: deps.services.orgs,
    changes: deps.services.orgChanges,
    domains: deps.services.domains,
    setupLinks: deps.services.setupLinks,
    clients: deps.services.clients,
    events: deps.services.events,
    webhooks: deps.services.webhooks,
  })
  await registerSCIMRoutes(app, {
    tokens: deps.services.scimTokens,
    users: deps.services.scimUsers,
    groups: deps.services.scimGroups,
    publicUrl: config.publicUrl,
  })
  registerOIDCRoutes(app, {
    contexts,
    frame,
    oidc: deps.services.oidc,
    keys: deps.services.keys,
    issuer: config.publicUrl,
    cookies,
    secureCookies: config.secureCookies,
  })
  registerSAMLRoutes(app, {
    contexts,
    frame,
    ssoStart: deps.services.ssoStart,
    acs: deps.services.acs,
    keys: deps.services.keys,
    publicUrl: config.publicUrl,
    cookies,
    secureCookies: config.secureCookies,
    sessionMaxAgeSeconds: config.sessionAbsoluteMs / 1000,
  })
  registerMetricsRoute(app, { token: config.metricsToken })
  registerAdminCenterRoutes(app, {
    frame,
    files: loadAdminCenterFiles(),
    principals: deps.services.principals,
    oidc: deps.services.oidc,
    cookies,
    secureCookies: config.secureCookies,
    publicUrl: config.publicUrl,
    setupLinks: deps.services.setupLinks,
  })
  registerResetRoutes(app, {
    contexts,
    frame,
    resets: deps.services.resets,
    login: deps.services.login,
    sessionMaxAgeSeconds: config.sessionAbsoluteMs / 1000,
    cookies,
    secureCookies: config.secureCookies,
  })
  registerLoginRoutes(app, {
    contexts,
    frame,
    login: deps.services.login,
    invitations: deps.services.invitations,
    resetAvailable: deps.services.resets.available,
    cookies,
    secureCookies: config.secureCookies,
    sessionMaxAgeSeconds: config.sessionAbsoluteMs / 1000,
  })
  registerAccountRoutes(app, {
    contexts,
    frame,
    account: deps.services.account,
    sessions: deps.services.sessions,
    cookies,
    secureCookies: config.secureCookies,
    publicUrl: config.publicUrl,
  })
  return app
}
