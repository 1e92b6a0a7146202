/**
 * CSV that a spreadsheet opens safely (the audit export, invitation links), encoded by csv-stringify:
 * every cell a spreadsheet would read as a formula — starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return — gets a leading `'` (OWASP "CSV injection"): names and emails come from outside.
 */
import { stringify } from 'csv-stringify/sync'

/** A cell a spreadsheet will show as text, never evaluate. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** A header row and the rows, every cell neutralised, CRLF line ends. */
export function spreadsheetCsv(columns: readonly string[], rows: readonly string[][]): string {
  return stringify(
    rows.map((row) => row.map(neutraliseCell)),
    { header: true, columns: [...columns], record_delimiter: '\r\n' },
  )
}
