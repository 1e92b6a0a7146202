/**
 * Every configuration option, its default and its documentation, in one table. The README's configuration
 * reference is generated from this table (`npm run docs:config`) and a test keeps the two in sync.
 */

export interface OptionSpec {
  /** Environment variable name; also the key in the optional JSON config file. */
  readonly name: string
  /** The default as text, or undefined when the default is computed (see `doc`). */
  readonly default: string | undefined
  readonly doc: string
}

export const OPTIONS = [
  {
    name: 'NODE_ENV',
    default: 'production',
    doc: '`production`, `development` or `test`. Outside `development`, unsafe settings refuse to start; in `development` they only warn.',
  },
  {
    name: 'PORT',
    default: '3000',
    doc: 'TCP port the HTTP server listens on.',
  },
  {
    name: 'HOST',
    default: '0.0.0.0',
    doc: 'Address the HTTP server binds to (`127.0.0.1` to accept local connections only).',
  },
  {
    name: 'PUBLIC_URL',
    default: undefined,
    doc: 'External base URL, as browsers and IdPs reach the service (default `http://localhost:$PORT`). Must be `https://` unless the host is a loopback name or address.',
  },
  {
    name: 'DATABASE_URL',
    default: 'sqlite:./data/portcullis.sqlite',
    doc: '`sqlite:PATH` for the embedded database (a file, WAL mode), or `postgres://user:pass@host:port/db` for PostgreSQL.',
  },
  {
    name: 'DATABASE_POOL_SIZE',
    default: '10',
    doc: 'Maximum PostgreSQL connections per instance (ignored for SQLite).',
  },
  {
    name: 'DATABASE_CONNECT_TIMEOUT_SECONDS',
    default: '5',
    doc: 'How long to wait for PostgreSQL before giving up at start.',
  },
  {
    name: 'DATABASE_POOL_TIMEOUT_SECONDS',
    default: '2',
    doc: 'How long a request waits for a free PostgreSQL connection (pool full, or the server unreachable) before it is answered 503 with Retry-After. Size pools so that instances × DATABASE_POOL_SIZE ≤ max_connections − reserved.',
  },
  {
    name: 'DNS_SERVERS',
    default: undefined,
    doc: 'Comma-separated `host:port` list (IP addresses) used for domain verification; default: the system resolver.',
  },
  {
    name: 'DNS_TIMEOUT_SECONDS',
    default: '3',
    doc: 'How long one DNS query for domain verification may take (two tries).',
  },
  {
    name: 'DOMAIN_TXT_LABEL',
    default: '_portcullis',
    doc: 'The label in front of a domain where its verification TXT record lives (`_portcullis.example.com`).',
  },
  {
    name: 'DOMAIN_TXT_VALUE_PREFIX',
    default: 'portcullis-domain-verification',
    doc: 'The verification TXT record is `PREFIX=TOKEN`.',
  },
  {
    name: 'METADATA_ALLOW_PRIVATE_ADDRESSES',
    default: 'false',
    doc: '`true` lets IdP metadata URLs point at private, loopback or link-local addresses (and use http); for IdPs inside your network. Off by default against SSRF.',
  },
  {
    name: 'WEBHOOK_ALLOW_PRIVATE_ADDRESSES',
    default: 'false',
    doc: '`true` lets webhook endpoints and back-channel logout URIs reach private, loopback or link-local addresses; for a console inside your network. Off by default against SSRF: such an endpoint is refused when registered by address and each try to a name that resolves to one fails (`forbidden_address` in the delivery log).',
  },
  {
    name: 'WEBHOOK_TIMEOUT_SECONDS',
    default: '10',
    doc: 'How long one webhook or logout-token delivery may take (1–60): a 2xx answer within it delivers; otherwise it is tried again with backoff (5 s, 30 s, 2 min, 10 min, 1 h, 4 h, 24 h, ±20 %), eight tries in all.',
  },
  {
    name: 'JOB_POLL_SECONDS',
    default: '300',
    doc: 'How often each instance checks for due periodic jobs (daily domain re-check, hourly IdP-metadata refresh and expired-row sweep, import runs, mail); `0` disables them on this instance. New import runs are started at once on the instance that received them; work left by an instance that died holding its lease is taken over when that lease runs out (`JOB_LEASE_SECONDS`), not at the next poll.',
  },
  {
    name: 'IMPORT_BATCH_ROWS',
    default: '500',
    doc: 'Rows of an import run applied per transaction. Smaller batches hold the database for less time each; a crash redoes at most one batch.',
  },
  {
    name: 'METRICS_TOKEN',
    default: undefined,
    doc: 'Enables Prometheus metrics at `/metrics`, readable only with `Authorization: Bearer <METRICS_TOKEN>` (at least 32 characters). Unset: `/metrics` is 404.',
  },
  {
    name: 'PASSWORD_CONCURRENCY',
    default: '0',
    doc: 'How many argon2 password hashes run at once per process; `0`: one per core (`os.availableParallelism()`). More queue in order.',
  },
  {
    name: 'PASSWORD_QUEUE',
    default: '64',
    doc: 'How many password checks may wait for a slot; beyond that a sign-in is answered at once with `login.busy` (503, Retry-After: 1) instead of timing out. When the queue is full, a newcomer takes the newest place of the client source holding the most.',
  },
  {
    name: 'PASSWORD_SOURCE_SLOTS',
    default: '0',
    doc: 'How many of the argon2 slots one client source (an address, or an IPv6 network, see `RATE_LIMIT_IPV6_PREFIX`) may hold at once; `0`: half of `PASSWORD_CONCURRENCY`, rounded up. Waiting sources take turns.',
  },
  {
    name: 'PASSWORD_SOURCE_QUEUE',
    default: '0',
    doc: 'How many places of the password queue one client source may hold; beyond that its sign-ins get `login.busy` at once. `0`: an eighth of `PASSWORD_QUEUE` (at least one). Behind a reverse proxy, set `TRUST_PROXY` so each client is its own source.',
  },
  {
    name: 'RATE_LIMIT_IPV6_PREFIX',
    default: '64',
    doc: 'IPv6 clients are throttled by their network of this many bits (32–128), not by the single address: one subscriber usually holds a whole /64. Applies to every per-address limit (sign-in, password reset, unsolicited SAML responses) and to the password queue shares.',
  },
  {
    name: 'JOB_LEASE_SECONDS',
    default: '60',
    doc: 'How long an instance holds a job (renewed every third of it while it runs). An instance that dies mid-job (e.g. in an import run) is replaced by another after at most this long.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    doc: 'One of `fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`. Logs are JSON lines on stdout; secrets are redacted from every line: credentials, cookies, invitation and reset tokens in paths, and query parameters that can carry a secret (`access_token`, `code`, `ticket`, `client_secret`, `SAMLResponse`, … — `SECRET_QUERY_PARAMETERS` in `src/platform/log.ts`).',
  },
  {
    name: 'TRUST_PROXY',
    default: undefined,
    doc: 'Comma-separated addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed; default: none.',
  },
  {
    name: 'BODY_LIMIT_BYTES',
    default: '1048576',
    doc: 'Largest request body accepted, in bytes.',
  },
  {
    name: 'INVITE_TTL_SECONDS',
    default: '604800',
    doc: 'How long an invitation link stays valid (default 7 days).',
  },
  {
    name: 'ORG_DEFAULT_FEATURES',
    default: 'sso,scim,import',
    doc: 'The plan of an organization created without `features` (operator API, CLI): a comma-separated list of `sso` (SAML profiles and enforcement), `scim`, `import` (CSV); empty for none. Changing it changes no existing organization.',
  },
  {
    name: 'SETUP_LINK_TTL_SECONDS',
    default: '300',
    doc: 'How long a setup link into the Admin Center (operator API `POST /api/v1/operator/orgs/{id}/setup-links`) works: 60 to 3600 seconds. Each works once.',
  },
  {
    name: 'EVENT_RETENTION_DAYS',
    default: '30',
    doc: 'How long the event log (`GET /api/v1/operator/events`, `GET /api/v1/orgs/{orgId}/events`) keeps an event, in days (1–3650); older ones are swept hourly. A consumer that falls further behind than this misses events.',
  },
  {
    name: 'PRODUCT_NAME',
    default: 'Portcullis',
    doc: "The product name on the sign-in pages (page titles, the header, the logo's text alternative). At most 60 characters.",
  },
  {
    name: 'BRAND_LOGO_FILE',
    default: undefined,
    doc: "A PNG, JPEG, WebP or SVG file (at most 256 KiB, recognised by its content) shown at the top of the sign-in pages, served by Portcullis at `/assets/logo` under the pages' Content-Security-Policy (SVG with scripts disabled). Read once at start.",
  },
  {
    name: 'BRAND_ACCENT_COLOR',
    default: '#1f4fd1',
    doc: "The sign-in pages' button and link colour, `#rrggbb`. White button text on it must reach a 4.5:1 contrast (WCAG AA), or the service refuses to start and says so.",
  },
  {
    name: 'SUPPORT_CONTACT',
    default: undefined,
    doc: 'An email address or an `https://` URL shown on error pages ("Need help? Contact …") next to the reason code.',
  },
  {
    name: 'CONSOLE_URL',
    default: undefined,
    doc: 'Where "Back to the application" leads when the page does not know which application sent the user (after an invitation, a password reset, an error without a sign-in in progress). When unset and exactly one registered client has an initiate-login URI, that one; otherwise the link is left out.',
  },
  {
    name: 'SAML_MAX_CLOCK_SKEW_SECONDS',
    default: '300',
    doc: "The most clock skew an SSO profile or an organization's default may allow, in seconds (0–300); it holds at every SAML response, also for a profile saved with more. New profiles get 120 s (or the organization's default) unless set.",
  },
  {
    name: 'SECRETS_KEY',
    default: undefined,
    doc: '32 random bytes, base64 (`openssl rand -base64 32`): encrypts signing private keys in the database (AES-256-GCM). Unset: keys are stored in plaintext (a warning at start outside development). Existing plaintext keys stay readable after you set it; keys made afterwards are encrypted. Keep it: encrypted keys cannot be read without it.',
  },
  {
    name: 'SMTP_URL',
    default: undefined,
    doc: 'Where invitation emails go, e.g. `smtps://user:pass@smtp.example.com:465`. Unset: no email; the Admin API returns the link to its caller (and in development the log shows the message).',
  },
  {
    name: 'MAIL_FROM',
    default: 'Portcullis <no-reply@localhost>',
    doc: 'The From address of invitation emails.',
  },
  {
    name: 'SESSION_IDLE_TIMEOUT_SECONDS',
    default: '7200',
    doc: 'A session ends after this long without use (default 2 hours). Use is written at most every tenth of the idle timeout in force (at most once a minute), and the deadline is judged with that much grace: a session used at least once per idle timeout never ends; one left alone ends within a tenth more.',
  },
  {
    name: 'SESSION_ABSOLUTE_TIMEOUT_SECONDS',
    default: '43200',
    doc: 'A session ends this long after login, however much it is used (default 12 hours).',
  },
  {
    name: 'SHUTDOWN_TIMEOUT_SECONDS',
    default: '10',
    doc: 'On SIGTERM/SIGINT, how long in-flight requests may take before the process exits anyway.',
  },
  {
    name: 'CONFIG_FILE',
    default: undefined,
    doc: 'Path of an optional JSON file whose keys are these option names. Environment variables override it.',
  },
] as const satisfies readonly OptionSpec[]

export type OptionName = (typeof OPTIONS)[number]['name']
