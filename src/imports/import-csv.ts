/**
 * Reading a user-import CSV (SPEC §4 "Bulk user import") as a stream: UTF-8 with or without a BOM, `,` or
 * `;` (taken from the header line), quoted fields, CRLF or LF. The grammar is csv-parse's; this file only
 * bounds the input (bytes, rows, record size), refuses what is not text, and maps the header's columns.
 * File-level problems throw an AppError before anything is written; a row with the wrong number of fields
 * is handed on as malformed, so the caller can reject that row alone.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CsvError, parse } from 'csv-parse'
import { AppError } from '../errors/app-error.ts'

export interface ImportCells {
  readonly email: string
  readonly givenName: string
  readonly familyName: string
  readonly role: string
}

export interface ImportRecord {
  /** 1 for the first row after the header. */
  readonly rowNumber: number
  /** The line of the file the row ends on, for people reading the results. */
  readonly line: number
  /** Null when the row has a different number of fields than the header. */
  readonly cells: ImportCells | null
}

export interface ImportLimits {
  readonly maxBytes: number
  readonly maxRows: number
}

export const IMPORT_LIMITS: ImportLimits = Object.freeze({
  maxBytes: 16 * 1024 * 1024,
  maxRows: 100_000,
})
/** The longest one row may be, in characters; longer is a broken file, not a row. */
const MAX_RECORD_CHARS = 64 * 1024

type Column = keyof ImportCells

/** Accepted header names, compared lower-cased with spaces, `_` and `-` removed. */
export const HEADER_NAMES: Readonly<Record<Column, readonly string[]>> = Object.freeze({
  email: ['email', 'emailaddress', 'mail', 'username'],
  givenName: ['givenname', 'firstname'],
  familyName: ['familyname', 'lastname', 'surname'],
  role: ['role'],
})

const HEADER_LOOKUP = new Map<string, Column>(
  (Object.entries(HEADER_NAMES) as [Column, readonly string[]][]).flatMap(([column, names]) =>
    names.map((name) => [name, column] as const),
  ),
)

function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '')
}

/** Maps header cells to columns; throws on unknown, repeated or missing columns. */
export function readHeader(cells: readonly string[]): readonly (Column | undefined)[] {
  const seen = new Set<Column>()
  const columns = cells.map((cell) => {
    if (cell.trim() === '') return undefined
    const column = HEADER_LOOKUP.get(normalizeHeader(cell))
    if (column === undefined) {
      throw new AppError('import.unknown_column', {
        details: { column: cell.slice(0, 100), allowed: allowedHeaders() },
      })
    }
    if (seen.has(column)) {
      throw new AppError('import.duplicate_column', { details: { column: cell.slice(0, 100) } })
    }
    seen.add(column)
    return column
  })
  if (!seen.has('email')) {
    throw new AppError('import.missing_email_column', { details: { allowed: allowedHeaders() } })
  }
  return columns
}

function allowedHeaders(): string {
  return 'email, given name (or first name), family name (or last name, surname), role'
}

/** Decodes strictly (malformed UTF-8 or a NUL byte is not a text file) and counts bytes. */
async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<string> {
  // The decoder drops a leading BOM itself.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let bytes = 0
  for await (const chunk of source) {
    bytes += chunk.byteLength
    if (bytes > maxBytes) {
      throw new AppError('import.too_large', { details: { maxBytes } })
    }
    yield checkText(decoder, chunk, true)
  }
  yield checkText(decoder, new Uint8Array(), false)
}

function checkText(decoder: TextDecoder, chunk: Uint8Array, stream: boolean): string {
  let text: string
  try {
    text = decoder.decode(chunk, { stream })
  } catch {
    throw new AppError('import.not_text')
  }
  if (text.includes('\u0000')) throw new AppError('import.not_text')
  return text
}

/** Reads up to the end of the header line, picks the delimiter it uses, and gives back all the text. */
async function withDelimiter(
  text: AsyncGenerator<string>,
): Promise<{ delimiter: ',' | ';'; text: AsyncGenerator<string> }> {
  let head = ''
  let done = false
  while (!/[\r\n]/.test(head)) {
    const next = await text.next()
    if (next.done === true) {
      done = true
      break
    }
    head += next.value
    if (head.length > MAX_RECORD_CHARS) break
  }
  const firstLine = head.split(/[\r\n]/, 1)[0] ?? ''
  const count = (c: string) => firstLine.split(c).length - 1
  const delimiter = count(';') > count(',') ? ';' : ','
  async function* all(): AsyncGenerator<string> {
    yield head
    if (!done) yield* text
  }
  return { delimiter, text: all() }
}

/**
 * The rows of an import file, streamed: memory stays flat whatever the file's size. Throws AppError
 * `import.*` for problems with the file as a whole (nothing should be written then).
 */
export async function* readImportCSV(
  source: AsyncIterable<Uint8Array>,
  limits: ImportLimits = IMPORT_LIMITS,
): AsyncGenerator<ImportRecord> {
  const { delimiter, text } = await withDelimiter(decodeText(source, limits.maxBytes))
  const parser = parse({
    delimiter,
    relax_column_count: true,
    // `=HYPERLINK("x")` unquoted, as people type it: the quotes are text.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    max_record_size: MAX_RECORD_CHARS,
    info: true,
  })
  const feeding = pipeline(Readable.from(text), parser)
  // Whatever ends the iteration, the feeding promise must not reject unobserved.
  feeding.catch(() => undefined)
  let columns: readonly (Column | undefined)[] | undefined
  let rowNumber = 0
  try {
    for await (const entry of parser as AsyncIterable<{
      record: string[]
      info: { lines: number }
    }>) {
      const { record, info } = entry
      if (columns === undefined) {
        columns = readHeader(record)
        continue
      }
      rowNumber++
      if (rowNumber > limits.maxRows) {
        throw new AppError('import.too_many_rows', { details: { maxRows: limits.maxRows } })
      }
      yield { rowNumber, line: info.lines, cells: toCells(columns, record) }
    }
  } catch (error) {
    throw asImportError(error)
  } finally {
    parser.destroy()
  }
  await feeding.catch((error: unknown) => {
    throw asImportError(error)
  })
  if (columns === undefined) throw new AppError('import.empty')
}

function toCells(columns: readonly (Column | undefined)[], record: string[]): ImportCells | null {
  if (record.length !== columns.length) return null
  const cells: Record<Column, string> = { email: '', givenName: '', familyName: '', role: '' }
  columns.forEach((column, i) => {
    if (column !== undefined) cells[column] = record[i] ?? ''
  })
  return cells
}

function asImportError(error: unknown): unknown {
  if (error instanceof AppError) return error
  if (error instanceof CsvError) {
    const line = (error as CsvError & { lines?: number }).lines
    return new AppError('import.invalid_csv', {
      details: { line: line ?? null, reason: error.message.slice(0, 200) },
      cause: error,
    })
  }
  return error
}
