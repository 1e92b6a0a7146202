/** JSON Schemas of the import routes (TypeBox): validation and the OpenAPI document from one source. */
import Type, { type Static } from 'typebox'
import { ROW_OUTCOMES, ROW_REJECTS } from '../../../imports/import-row.ts'
import { RUN_STATUSES } from '../../../imports/import-run.ts'
import { ADOPTION_BATCH, ADOPTION_SKIPS } from '../../../services/directory/adoption-service.ts'
import { ErrorBody } from '../../api-schemas.ts'

export const Counts = Type.Object({
  create: Type.Integer(),
  update: Type.Integer(),
  unchanged: Type.Integer(),
  reject: Type.Integer(),
})

export const RejectCode = Type.Enum(Object.keys(ROW_REJECTS), {
  description: Object.entries(ROW_REJECTS)
    .map(([code, text]) => `\`${code}\`: ${text}`)
    .join('\n'),
})

export const Changes = Type.Object({
  givenName: Type.Optional(Type.String()),
  familyName: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
})

export const PlannedRow = Type.Object({
  row: Type.Integer({ description: 'Data row, 1 for the first row after the header.' }),
  line: Type.Integer({ description: 'Line of the file the row ends on.' }),
  email: Type.String(),
  outcome: Type.Enum(ROW_OUTCOMES),
  code: Type.Optional(RejectCode),
  userId: Type.Optional(Type.String()),
  changes: Type.Optional(Changes),
})

export const DryRunBody = Type.Object(
  {
    dryRun: Type.Literal(true),
    rows: Type.Array(PlannedRow),
    counts: Type.Optional(Counts),
    // The `error` of every error answer, ending a preview cut short by a late file error.
    error: Type.Optional(ErrorBody.properties.error),
  },
  {
    description:
      'Written as the file is read. `counts` ends a complete preview. A file error found after the first 500 rows (too large, too many rows, invalid CSV) cannot change the status any more: the answer then ends with `error` (as in an error answer) instead of `counts` — treat it as that refusal.',
  },
)

export const ImportRunBody = Type.Object(
  {
    id: Type.String(),
    status: Type.Enum(RUN_STATUSES),
    sendInvitations: Type.Boolean(),
    createdBy: Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }),
    createdAt: Type.String({ format: 'date-time' }),
    startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    totalRows: Type.Integer(),
    doneRows: Type.Integer({ description: 'Rows applied so far (for a progress bar).' }),
    counts: Counts,
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'ImportRun' },
)

export const ResultRow = Type.Object({
  row: Type.Integer(),
  line: Type.Integer(),
  email: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  role: Type.String(),
  outcome: Type.Union([Type.Enum(ROW_OUTCOMES), Type.Null()], {
    description: 'Null while the row waits to be applied.',
  }),
  code: Type.Union([RejectCode, Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]),
})

export const ImportQuery = Type.Object(
  {
    dryRun: Type.Optional(Type.Enum(['true', 'false'])),
    sendInvitations: Type.Optional(
      Type.Enum(['true', 'false'], {
        description:
          'Whether created users are sent an invitation (default true; needs mail configured). SSO-only users of an enforced domain need none.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type ImportQuery = Static<typeof ImportQuery>

export const RunParams = Type.Object(
  { orgId: Type.String({ maxLength: 100 }), runId: Type.String({ maxLength: 100 }) },
  { additionalProperties: false },
)

export const ResultsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$', description: 'First row number.' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: '1 to 1000.' })),
    outcome: Type.Optional(Type.Enum(ROW_OUTCOMES)),
  },
  { additionalProperties: false },
)
export type ResultsQuery = Static<typeof ResultsQuery>

export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

export const AdoptBody = Type.Object(
  {
    emails: Type.Optional(
      Type.Array(Type.String({ maxLength: 320 }), {
        maxItems: ADOPTION_BATCH,
        description: 'Only these accounts (default: every candidate, up to 1000 per call).',
      }),
    ),
  },
  { additionalProperties: false },
)
export type AdoptBody = Static<typeof AdoptBody>

export const AdoptAnswer = Type.Object({
  dryRun: Type.Boolean(),
  results: Type.Array(
    Type.Object({
      email: Type.String(),
      userId: Type.String(),
      status: Type.String({ description: 'Status of the account (kept when it moves).' }),
      outcome: Type.Enum(['adopt', 'adopted', 'skip'], {
        description:
          '`adopt`: a dry run says it would move; `adopted`: it moved; `skip`: see code.',
      }),
      code: Type.Optional(
        Type.Enum(Object.keys(ADOPTION_SKIPS), {
          description: Object.entries(ADOPTION_SKIPS)
            .map(([code, text]) => `\`${code}\`: ${text}`)
            .join('\n'),
        }),
      ),
      endedSessions: Type.Optional(Type.Integer()),
    }),
  ),
  more: Type.Boolean({ description: 'More candidates remain: call again.' }),
})
