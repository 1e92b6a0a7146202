/** Organizations (SPEC §2) and their pure rules. */
import { AppError } from '../errors/app-error.ts'

export interface Organization {
  readonly id: string
  readonly name: string
  readonly settings: Readonly<Record<string, unknown>>
  readonly createdAt: number
  readonly updatedAt: number
}

export const MAX_ORG_NAME_LENGTH = 200
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/

export function validateOrganizationName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim().normalize('NFC') : ''
  if (name.length === 0 || name.length > MAX_ORG_NAME_LENGTH || CONTROL.test(name)) {
    throw new AppError('org.invalid_name', {
      details: { field: 'name', reason: `1 to ${MAX_ORG_NAME_LENGTH} printable characters` },
    })
  }
  return name
}
