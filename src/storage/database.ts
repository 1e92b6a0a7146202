/**
 * Table types shared by both engines, and the `Database` handle that the composition root passes to
 * repositories. Times are integer milliseconds since the epoch and JSON is text, so the same SQL runs on
 * SQLite and PostgreSQL (STYLE rule 10).
 */
import type { Kysely, Transaction } from 'kysely'
import type { UniqueIndex } from './unique-indexes.ts'

export interface OrganizationsTable {
  id: string
  name: string
  settings: string
  created_at: number
  updated_at: number
  /** JSON array of the plan's features. */
  features: string
  external_id: string | null
  status: string
  suspended_at: number | null
}

export interface UsersTable {
  id: string
  org_id: string
  email: string
  email_canonical: string
  given_name: string | null
  family_name: string | null
  display_name: string | null
  external_id: string | null
  status: string
  role: string
  password_hash: string | null
  sso_override: string
  created_at: number
  updated_at: number
  last_login_at: number | null
  locale: string | null
  version: number
  /** JSON {source, match} of the role-mapping rule that set the role; null: set by hand. */
  role_from: string | null
  /** JSON array of the group values of the last SAML sign-in (role mapping reads them). */
  idp_groups: string | null
}

export interface RoleMappingsTable {
  org_id: string
  enabled: number
  /** JSON array of {source, match, role}, in order. */
  rules: string
  updated_at: number
}

export interface InvitationsTable {
  id: string
  org_id: string
  user_id: string
  token_hash: string
  created_at: number
  expires_at: number
  consumed_at: number | null
}

export interface DomainsTable {
  id: string
  org_id: string
  name: string
  status: string
  verification_token: string
  verified_at: number | null
  last_checked_at: number | null
  uncertain_since: number | null
  sso_profile_id: string | null
  enforced_at: number | null
  created_at: number
  updated_at: number
  verified_by: string | null
}

export interface SSOProfilesTable {
  id: string
  org_id: string
  name: string
  status: string
  idp_entity_id: string | null
  idp_sso_url: string | null
  idp_metadata_url: string | null
  idp_metadata_xml: string | null
  idp_metadata_fetched_at: number | null
  sign_requests: number
  signature_policy: string
  assertion_encryption: string
  clock_skew_seconds: number
  attribute_mapping: string
  last_test_at: number | null
  last_test_passed_at: number | null
  last_test_result: string | null
  created_at: number
  updated_at: number
  idp_metadata_valid_until: number | null
  idp_metadata_next_refresh_at: number | null
  idp_metadata_error: string | null
  default_client_id: string | null
  metadata_change_policy: string
  idp_product: string | null
  staged_metadata_xml: string | null
  staged_metadata_at: number | null
  staged_metadata_changes: string | null
  staged_metadata_status: string | null
}

export interface SSOProfileCertificatesTable {
  id: string
  org_id: string
  sso_profile_id: string
  pem: string
  sha256_fingerprint: string
  not_before: number
  not_after: number
  created_at: number
}

export interface SessionsTable {
  id_hash: string
  sid: string | null
  org_id: string
  user_id: string
  auth_method: string
  second_factor: string | null
  sso_profile_id: string | null
  user_agent: string | null
  ip: string | null
  created_at: number
  last_seen_at: number
  idle_expires_at: number
  expires_at: number
  revoked_at: number | null
}

export interface SecondFactorsTable {
  id: string
  org_id: string
  user_id: string
  kind: string
  name: string
  secret_sealed: string | null
  last_used_step: number | null
  credential_id: string | null
  public_key: string | null
  sign_count: number | null
  transports: string
  confirmed_at: number | null
  created_at: number
  last_used_at: number | null
}

export interface RecoveryCodesTable {
  code_hash: string
  org_id: string
  user_id: string
  created_at: number
  used_at: number | null
}

export interface SessionClientsTable {
  sid: string
  client_id: string
  org_id: string
  created_at: number
}

export interface OIDCClientsTable {
  id: string
  name: string
  redirect_uris: string
  secret_hash: string | null
  post_logout_redirect_uris: string
  initiate_login_uri: string | null
  id_token_alg: string
  created_at: number
  updated_at: number
  disabled_at: number | null
  previous_secret_hash: string | null
  previous_secret_expires_at: number | null
  backchannel_logout_uri: string | null
}

export interface LoginTransactionsTable {
  id: string
  client_id: string
  redirect_uri: string
  state: string | null
  nonce: string | null
  scope: string
  code_challenge: string
  binding_hash: string
  csrf_token: string
  email: string | null
  force_authn: number
  ui_locales: string | null
  created_at: number
  expires_at: number
  completed_at: number | null
  first_factor_user_id: string | null
  first_factor_at: number | null
  enrolled_factor: string | null
}

export interface WebauthnChallengesTable {
  challenge: string
  purpose: string
  org_id: string | null
  user_id: string | null
  login_transaction_id: string | null
  created_at: number
  expires_at: number
}

export interface AuthCodesTable {
  code_hash: string
  org_id: string
  user_id: string
  client_id: string
  redirect_uri: string
  code_challenge: string
  session_sid: string
  nonce: string | null
  scope: string
  amr: string
  auth_time: number
  created_at: number
  expires_at: number
  consumed_at: number | null
  revoked_at: number | null
}

export interface AccessTokensTable {
  token_hash: string
  code_hash: string
  org_id: string
  user_id: string
  client_id: string
  session_sid: string
  scope: string
  created_at: number
  expires_at: number
  revoked_at: number | null
}

export interface SigningKeysTable {
  kid: string
  purpose: string
  alg: string
  private_key_pem: string
  public_key_pem: string
  certificate_pem: string | null
  state: string
  created_at: number
  updated_at: number
}

export interface RateLimitsTable {
  key: string
  window_start: number
  failures: number
  locked_until: number | null
  updated_at: number
  next_slot_at: number | null
  admitted_at: number | null
}

/** Admin API tokens and SCIM tokens: the same columns in two tables. */
export interface BearerTokensTable {
  id: string
  org_id: string
  name: string
  token_hash: string
  created_at: number
  created_by_type: string | null
  created_by_id: string | null
  last_used_at: number | null
  revoked_at: number | null
}

export interface OperatorTokensTable {
  id: string
  name: string
  token_hash: string
  /** JSON array of scopes. */
  scopes: string
  created_at: number
  created_by_type: string | null
  created_by_id: string | null
  last_used_at: number | null
  revoked_at: number | null
}

export interface IdempotencyKeysTable {
  operation: string
  key: string
  request_hash: string
  org_id: string
  created_at: number
  expires_at: number
}

export interface SetupLinksTable {
  id_hash: string
  org_id: string
  intent: string
  return_url: string | null
  created_at: number
  created_by_id: string | null
  expires_at: number
  used_at: number | null
}

export interface EventsTable {
  seq: number
  type: string
  org_id: string | null
  occurred_at: number
  actor_type: string
  actor_id: string | null
  /** JSON. */
  data: string
}

export interface ExpiryWarningsTable {
  profile_id: string
  code: string
  expires_at: number
  threshold_days: number
  warned_at: number
}

export interface WebhookEndpointsTable {
  id: string
  client_id: string
  name: string
  url: string
  event_types: string
  secret_sealed: string
  previous_secret_sealed: string | null
  previous_secret_expires_at: number | null
  enabled: number
  failing_since: number | null
  start_seq: number
  created_at: number
  updated_at: number
}

export interface WebhookDeliveriesTable {
  id: string
  endpoint_id: string | null
  client_id: string
  kind: string
  message_id: string
  event_seq: number | null
  payload: string
  status: string
  attempts: number
  next_attempt_at: number
  lease_until: number | null
  created_at: number
  delivered_at: number | null
}

export interface WebhookAttemptsTable {
  id: string
  delivery_id: string
  endpoint_id: string | null
  client_id: string
  message_id: string
  kind: string
  attempted_at: number
  status: number | null
  error: string | null
  latency_ms: number
}

export interface EventCounterTable {
  id: number
  last: number
}

export interface AuditEventsTable {
  id: string
  org_id: string | null
  occurred_at: number
  type: string
  outcome: string
  reason_code: string | null
  actor_type: string
  actor_id: string | null
  target_type: string | null
  target_id: string | null
  ip: string | null
  user_agent: string | null
  details: string
}

export interface JobLeasesTable {
  name: string
  holder: string | null
  lease_until: number
  last_finished_at: number | null
}

export interface SAMLRequestsTable {
  id: string
  org_id: string
  sso_profile_id: string
  binding_hash: string
  purpose: string
  login_transaction_id: string | null
  created_at: number
  expires_at: number
  consumed_at: number | null
  actor_type: string | null
  actor_id: string | null
}

export interface SAMLTestTicketsTable {
  ticket_hash: string
  org_id: string
  sso_profile_id: string
  created_at: number
  expires_at: number
  consumed_at: number | null
  session_hash: string | null
  actor_type: string | null
  actor_id: string | null
  purpose: string
}

export interface ScimUsersTable {
  user_id: string
  org_id: string
  data: string
}

export interface GroupsTable {
  id: string
  org_id: string
  display_name: string
  external_id: string | null
  version: number
  created_at: number
  updated_at: number
}

export interface GroupMembersTable {
  group_id: string
  user_id: string
  org_id: string
}

export interface MailOutboxTable {
  id: string
  org_id: string | null
  to_address: string
  subject: string
  body: string
  html: string | null
  dedupe_key: string | null
  created_at: number
  send_after: number
  attempts: number
  sent_at: number | null
  last_error: string | null
  /** `text` (body as stored), or a message rendered when sent (`invitation`, `password_reset`). */
  kind: string
  ref_id: string | null
}

export interface ImportRunsTable {
  id: string
  org_id: string
  status: string
  send_invitations: number
  created_by_type: string
  created_by_id: string | null
  created_at: number
  started_at: number | null
  finished_at: number | null
  total_rows: number
  next_row: number
  created_count: number
  updated_count: number
  unchanged_count: number
  rejected_count: number
  error: string | null
  ready: number
}

export interface ImportRowsTable {
  run_id: string
  row_number: number
  line: number
  email: string
  given_name: string
  family_name: string
  role: string
  precheck: string | null
}

export interface ImportResultsTable {
  run_id: string
  row_number: number
  outcome: string
  code: string | null
  user_id: string | null
}

export interface KnownDevicesTable {
  device_hash: string
  user_id: string
  org_id: string
  email_canonical: string
  created_at: number
  last_used_at: number
  expires_at: number
}

export interface SAMLReplayTable {
  issuer: string
  assertion_id: string
  expires_at: number
}

export interface DB {
  organizations: OrganizationsTable
  users: UsersTable
  role_mappings: RoleMappingsTable
  invitations: InvitationsTable
  domains: DomainsTable
  sso_profiles: SSOProfilesTable
  sso_profile_certificates: SSOProfileCertificatesTable
  sessions: SessionsTable
  session_clients: SessionClientsTable
  second_factors: SecondFactorsTable
  recovery_codes: RecoveryCodesTable
  oidc_clients: OIDCClientsTable
  admin_api_tokens: BearerTokensTable
  audit_events: AuditEventsTable
  login_transactions: LoginTransactionsTable
  webauthn_challenges: WebauthnChallengesTable
  auth_codes: AuthCodesTable
  access_tokens: AccessTokensTable
  signing_keys: SigningKeysTable
  rate_limits: RateLimitsTable
  job_leases: JobLeasesTable
  saml_requests: SAMLRequestsTable
  saml_replay: SAMLReplayTable
  saml_test_tickets: SAMLTestTicketsTable
  mail_outbox: MailOutboxTable
  scim_tokens: BearerTokensTable
  scim_users: ScimUsersTable
  groups: GroupsTable
  group_members: GroupMembersTable
  import_runs: ImportRunsTable
  import_rows: ImportRowsTable
  import_results: ImportResultsTable
  password_resets: InvitationsTable
  known_devices: KnownDevicesTable
  operator_tokens: OperatorTokensTable
  idempotency_keys: IdempotencyKeysTable
  setup_links: SetupLinksTable
  events: EventsTable
  event_counter: EventCounterTable
  expiry_warnings: ExpiryWarningsTable
  webhook_endpoints: WebhookEndpointsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_attempts: WebhookAttemptsTable
  webhook_fanout: { id: number; last_seq: number }
}

/** A query handle: the database itself or an open transaction (STYLE rule 11). */
export type Executor = Kysely<DB> | Transaction<DB>

export const ENGINES = ['sqlite', 'postgres'] as const
export type Engine = (typeof ENGINES)[number]

/** What the composition root holds: the query builder plus the few engine quirks (STYLE rule 9). */
export interface Database {
  readonly engine: Engine
  readonly db: Kysely<DB>
  /** True when `error` is a unique-constraint violation, of `index` when given. */
  isUniqueViolation(error: unknown, index?: UniqueIndex): boolean
  /** Runs `work` in one transaction that takes the write lock up front. */
  transaction<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T>
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>
  close(): Promise<void>
}
