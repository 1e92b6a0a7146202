/**
 * Admin API: bulk user import (SPEC §4, §7 `users/import`). The CSV arrives as a `text/csv` body or as the
 * one file of a multipart upload and is read as a stream (never buffered whole). `?dryRun=true` answers
 * line by line as the file is read (dry-run-answer.ts) and writes nothing; otherwise the file becomes an import run (202) that the job runner
 * applies; its progress and per-row results are read back here.
 */
import { Readable } from 'node:stream'
import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import Type, { type Static } from 'typebox'
import { AppError } from '../../../errors/app-error.ts'
import { IMPORT_LIMITS } from '../../../imports/import-csv.ts'
import type { RowOutcome } from '../../../imports/import-row.ts'
import { describeRun } from '../../../imports/describe-run.ts'
import type { ImportService } from '../../../services/directory/import-service.ts'
import type { AdoptionService } from '../../../services/directory/adoption-service.ts'
import type { InvitationService } from '../../../services/directory/invitation-service.ts'
import { spreadsheetCsv } from '../../../platform/spreadsheet-csv.ts'
import type { PrincipalOf } from './admin-scope.ts'
import { decodeCursor, encodeCursor, pageLimit } from '../../cursor.ts'
import { OrgParams } from './schemas.ts'
import { dryRunAnswer } from './dry-run-answer.ts'
import { ERROR_RESPONSES } from '../../api-schemas.ts'
import {
  DryRunBody,
  ImportQuery,
  RunParams,
  ResultRow,
  ResultsQuery,
  ListQuery,
  AdoptBody,
  AdoptAnswer,
} from './import-schemas.ts'

/** Content types taken as a CSV body (Excel and browsers label CSV files variously). */
const CSV_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel']

export function registerImportRoutes(
  app: FastifyInstance,
  principalOf: PrincipalOf,
  deps: {
    readonly imports: ImportService
    readonly adoption: AdoptionService
    readonly invitations: InvitationService
    readonly onRunQueued?: () => void
  },
): void {
  app.post<{ Params: { orgId: string }; Querystring: { dryRun?: string }; Body: AdoptBody }>(
    '/api/v1/orgs/:orgId/users/adopt',
    {
      schema: {
        tags: ['import'],
        summary:
          'Import existing users of my verified domains: accounts of other organizations whose email is in a domain this organization verified become its members (?dryRun=true lists them)',
        description:
          'Each account moves in its own transaction: it becomes a member (role member, SSO override none), keeps its status and password, loses its SCIM identity and groups of the old organization, and its sessions, codes, tokens and invitation links end. Audited here (`user.adopted`) and in the old organization (`user.transferred_out`). The owner of another organization is never moved.',
        params: OrgParams,
        querystring: Type.Object(
          { dryRun: Type.Optional(Type.Enum(['true', 'false'])) },
          { additionalProperties: false },
        ),
        body: AdoptBody,
        response: { 200: AdoptAnswer, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const dryRun = request.query.dryRun === 'true'
      const emails = request.body.emails?.map((e) => e.trim().toLowerCase())
      const answer = await deps.adoption.adopt(request.params.orgId, principalOf(request).actor, {
        dryRun,
        ...(emails === undefined ? {} : { emails }),
      })
      return { dryRun, ...answer }
    },
  )

  const path = '/api/v1/orgs/:orgId/users/import'
  // Encapsulated: the CSV and multipart parsers exist only for these routes (and inherit the admin hook).
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { files: 1, fields: 0, parts: 2, fileSize: IMPORT_LIMITS.maxBytes + 1 },
    })
    scope.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload))

    scope.post<{ Params: { orgId: string }; Querystring: ImportQuery }>(
      path,
      {
        bodyLimit: IMPORT_LIMITS.maxBytes,
        schema: {
          tags: ['import'],
          summary:
            'Import users from a CSV (text/csv body or a multipart file): ?dryRun=true previews line by line and writes nothing; otherwise 202 with the import run',
          description:
            'Columns (header names case-insensitive; spaces, `_` and `-` ignored): `email` (or `email address`, `mail`, `username`), `given name` (or `first name`), `family name` (or `last name`, `surname`), `role` (`admin` or `member`; empty: member for new users, unchanged for existing ones). `,` or `;` separated, UTF-8 with or without BOM, at most 16 MiB and 100,000 rows. Empty name cells keep the current name.',
          params: OrgParams,
          querystring: ImportQuery,
          response: {
            200: DryRunBody,
            202: Type.Object({ run: Type.Ref('ImportRun') }),
            ...ERROR_RESPONSES,
          },
        },
      },
      async (request, reply) => {
        const { orgId } = request.params
        const source = await csvSource(request)
        if (request.query.dryRun === 'true') {
          const parts = deps.imports.dryRun(orgId, source)
          // The first batch is decided before answering: a file error in it is an ordinary error.
          const first = await parts.next()
          return reply
            .type('application/json; charset=utf-8')
            .send(Readable.from(dryRunAnswer(first, parts)))
        }
        const run = await deps.imports.startRun(
          orgId,
          source,
          { sendInvitations: request.query.sendInvitations !== 'false' },
          principalOf(request).actor,
        )
        deps.onRunQueued?.()
        return reply
          .code(202)
          .header('location', `/api/v1/orgs/${orgId}/users/import/${run.id}`)
          .send({ run: describeRun(run) })
      },
    )
  })

  app.get<{ Params: { orgId: string }; Querystring: Static<typeof ListQuery> }>(
    path,
    {
      schema: {
        tags: ['import'],
        summary: 'Import runs, newest first',
        params: OrgParams,
        querystring: ListQuery,
        response: {
          200: Type.Object({
            runs: Type.Array(Type.Ref('ImportRun')),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            limits: Type.Object(
              {
                maxBytes: Type.Integer({ description: 'Largest file an import takes, in bytes.' }),
                maxRows: Type.Integer({ description: 'Most rows a file may have.' }),
              },
              { description: 'What an upload may be: check a file before sending it.' },
            ),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit, 20, 100)
      const cursor = decodeCursor(request.query.cursor)
      const runs = await deps.imports.listRuns(
        request.params.orgId,
        limit,
        cursor && { createdAt: cursor.at, id: cursor.id },
      )
      const page = runs.slice(0, limit)
      const last = page[page.length - 1]
      return {
        limits: { maxBytes: IMPORT_LIMITS.maxBytes, maxRows: IMPORT_LIMITS.maxRows },
        runs: page.map(describeRun),
        nextCursor:
          runs.length > limit && last !== undefined
            ? encodeCursor({ at: last.createdAt, id: last.id })
            : null,
      }
    },
  )

  app.get<{ Params: { orgId: string; runId: string } }>(
    `${path}/:runId`,
    {
      schema: {
        tags: ['import'],
        summary: 'An import run: status, counts and progress',
        params: RunParams,
        response: { 200: Type.Ref('ImportRun'), ...ERROR_RESPONSES },
      },
    },
    async (request) =>
      describeRun(await deps.imports.getRun(request.params.orgId, request.params.runId)),
  )

  app.get<{ Params: { orgId: string; runId: string }; Querystring: ResultsQuery }>(
    `${path}/:runId/results`,
    {
      schema: {
        tags: ['import'],
        summary: 'The rows of an import run with their results, in file order, paged',
        params: RunParams,
        querystring: ResultsQuery,
        response: {
          200: Type.Object({
            rows: Type.Array(ResultRow),
            nextFrom: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit, 100, 1000)
      const from = Math.max(1, Number(request.query.from ?? '1'))
      const outcome = request.query.outcome as RowOutcome | undefined
      const rows = await deps.imports.results(
        request.params.orgId,
        request.params.runId,
        from,
        limit + 1,
        outcome,
      )
      const page = rows.slice(0, limit)
      return {
        rows: page.map((r) => ({
          row: r.rowNumber,
          line: r.line,
          email: r.email,
          givenName: r.givenName,
          familyName: r.familyName,
          role: r.role,
          outcome: r.result?.outcome ?? null,
          code: r.result?.code ?? null,
          userId: r.result?.userId ?? null,
        })),
        nextFrom: rows.length > limit ? (rows[limit]?.rowNumber ?? null) : null,
      }
    },
  )

  app.post<{ Params: { orgId: string; runId: string }; Body: { deliver: 'links' | 'mail' } }>(
    `${path}/:runId/invitations`,
    {
      schema: {
        tags: ['import'],
        summary:
          'Invitations for the users a run created who are still invited: as a CSV of fresh links to send yourself, or as mails',
        description:
          '`links` answers CSV (`email,invitation link,expires at`, formula cells neutralised) with a new link per user; each replaces that user’s earlier links, so an earlier download stops working (audited `user.invitation_reissued`). `mail` queues an invitation mail per user (each made with a fresh link when sent) and answers how many; refused with `user.mail_unavailable` where no mail is configured. Users who accepted, were deactivated or deleted since are skipped.',
        params: RunParams,
        body: Type.Object(
          { deliver: Type.Enum(['links', 'mail']) },
          { additionalProperties: false },
        ),
        produces: ['text/csv', 'application/json'],
        response: {
          200: {
            description: 'CSV with a header row (`links`), or `{ "queued": n }` (`mail`)',
            anyOf: [{ type: 'string' }, Type.Object({ queued: Type.Integer() })],
          },
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { orgId, runId } = request.params
      const userIds = await deps.imports.createdUserIds(orgId, runId)
      if (request.body.deliver === 'mail') {
        return { queued: await deps.invitations.queueMany(orgId, userIds) }
      }
      const links = await deps.invitations.reissueMany(orgId, userIds, principalOf(request).actor)
      const csv = spreadsheetCsv(
        ['email', 'invitation link', 'expires at'],
        links.map((l) => [l.email, l.inviteUrl, new Date(l.expiresAt).toISOString()]),
      )
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="invitation-links-${runId}.csv"`)
        .send(csv)
    },
  )
}

/** The CSV bytes of the request: the body itself, or the one file of a multipart upload. */
async function csvSource(request: FastifyRequest): Promise<AsyncIterable<Uint8Array>> {
  // Refused before a byte is read when the client says how much it sends; counted while read otherwise.
  if (Number(request.headers['content-length'] ?? 0) > IMPORT_LIMITS.maxBytes + 64 * 1024) {
    throw new AppError('import.too_large', { details: { maxBytes: IMPORT_LIMITS.maxBytes } })
  }
  // Read without destroying the stream on an early stop (too large, not text): the rest of the body is
  // then drained after the answer (http/unread-body.ts) instead of the connection being reset.
  if (request.isMultipart()) {
    const file = await request.file()
    if (file === undefined) throw new AppError('import.bad_upload')
    return keepFlowing(file.file)
  }
  const body = request.body as Readable | undefined
  if (body === undefined || body === null || typeof body !== 'object' || !('read' in body)) {
    // Another parser took it: JSON, a form. Not a CSV.
    throw new AppError('request.unsupported_media_type', {
      details: { accepted: [...CSV_TYPES, 'multipart/form-data'] },
    })
  }
  return keepFlowing(body)
}

/** The chunks of `stream`; stopping early leaves it flowing (its data discarded), never destroyed. */
async function* keepFlowing(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    yield* stream.iterator({ destroyOnReturn: false }) as AsyncIterable<Uint8Array>
  } finally {
    if (!stream.readableEnded) stream.resume()
  }
}
