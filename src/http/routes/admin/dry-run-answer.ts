/**
 * The import dry run's answer, written as the file is read (issue 29): `{"dryRun":true,"rows":[…],
 * "counts":{…}}`, one batch of rows at a time, so a 100,000-row preview is never held whole. The first
 * batch is decided before a byte is sent, so a file error in it (a bad header, the first rows) is an
 * ordinary error answer with its status. An error found later — the file turns out too large, has too
 * many rows, or stops being valid CSV — arrives after the status (200) and the first rows: the answer
 * then ends with `"error":{code, message, details?}` (the `error` of an error answer) instead of
 * `counts`, and a client must treat it as the refusal it is. Anything else ends the connection
 * mid-answer (a truncated body, never a well-formed one).
 */
import { isAppError } from '../../../errors/app-error.ts'
import type { RunCounts } from '../../../imports/import-run.ts'
import type { PlannedRow } from '../../../services/directory/import-rows.ts'
import { mapJSONError } from '../../errors/admin-api.ts'

export async function* dryRunAnswer(
  first: IteratorResult<PlannedRow[], RunCounts>,
  rest: AsyncIterator<PlannedRow[], RunCounts>,
): AsyncGenerator<string> {
  yield '{"dryRun":true,"rows":['
  let part = first
  let separator = ''
  try {
    while (part.done !== true) {
      if (part.value.length > 0) {
        yield separator + part.value.map((row) => JSON.stringify(row)).join(',')
        separator = ','
      }
      part = await rest.next()
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    yield `],"error":${JSON.stringify(mapJSONError(error).body.error)}}`
    return
  }
  yield `],"counts":${JSON.stringify(part.value)}}`
}
