/** Organizations (SPEC §2) and their pure rules. */
import { AppError } from '../errors/app-error.ts'
import { readName } from '../platform/names.ts'

export interface Organization {
  readonly id: string
  readonly name: string
  readonly settings: Readonly<Record<string, unknown>>
  readonly createdAt: number
  readonly updatedAt: number
}

export const MAX_ORG_NAME_LENGTH = 200

export function validateOrganizationName(input: unknown): string {
  const name = readName(input, MAX_ORG_NAME_LENGTH)
  if (name === undefined) {
    throw new AppError('org.invalid_name', {
      details: { field: 'name', reason: `1 to ${MAX_ORG_NAME_LENGTH} printable characters` },
    })
  }
  return name
}
