/** Admin API tokens (SPEC §7 `token create`): bearer credentials acting with the admin role in one org. */
import { AppError } from '../errors/app-error.ts'

export interface AdminAPIToken {
  readonly id: string
  readonly orgId: string
  readonly name: string
  readonly tokenHash: string
  readonly createdAt: number
  readonly lastUsedAt: number | null
  readonly revokedAt: number | null
}

/** Every admin API token starts with this, so secret scanners can find leaked ones. */
export const ADMIN_TOKEN_PREFIX = 'pcat_'
export const MAX_TOKEN_NAME_LENGTH = 100

export function validateTokenName(input: unknown): string {
  const name = typeof input === 'string' ? input.trim() : ''
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > MAX_TOKEN_NAME_LENGTH || /[\u0000-\u001f]/.test(name)) {
    throw new AppError('token.invalid_name', {
      details: { field: 'name', reason: `1 to ${MAX_TOKEN_NAME_LENGTH} printable characters` },
    })
  }
  return name
}
