/**
 * Versions of SCIM resources (RFC 7644 §3.14). A write first locks the resource by bumping its version
 * (one UPDATE: concurrent writers queue there and each then reads what the one before committed, so no
 * change is lost), then checks If-Match against the version the client could have seen: the one before
 * its own bump.
 */
import { AppError } from '../errors/app-error.ts'
import { etag } from './scim-user.ts'

/** `If-Match`: `*` or the current weak ETag (with or without `W/`); anything else is 412. */
export function assertVersion(version: number, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return
  const tags = ifMatch.split(',').map((t) => t.trim())
  if (!tags.includes(etag(version)) && !tags.includes(etag(version).slice(2))) {
    throw new AppError('scim.precondition_failed')
  }
}
