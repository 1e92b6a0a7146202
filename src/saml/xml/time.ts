/**
 * Strict xs:dateTime in UTC (SAML Core §1.3.3: "MUST be expressed in UTC form, with no time zone
 * component"), as epoch ms. Fractional seconds of any length are allowed by XML Schema and sent by real
 * IdPs (ADFS: seven digits); they are truncated to milliseconds. Anything else is refused (PRO-09).
 */
import { AppError } from '../../errors/app-error.ts'

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/

export function parseSAMLTime(text: string | undefined, field: string): number {
  const match = text === undefined ? null : DATE_TIME.exec(text)
  if (match === null)
    throw new AppError('saml.invalid_time', { detail: `${field}: ${String(text).slice(0, 40)}` })
  const [, y, mo, d, h, mi, s, fraction = ''] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  const ms = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    second,
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  )
  const back = new Date(ms)
  // Refuse year 0000, 24:00:00, leap seconds and impossible dates instead of letting Date roll them over.
  if (
    year < 1970 ||
    hour > 23 ||
    second > 59 ||
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day
  ) {
    throw new AppError('saml.invalid_time', { detail: `${field}: ${text}` })
  }
  return ms
}
