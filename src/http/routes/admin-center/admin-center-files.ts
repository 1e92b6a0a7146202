/**
 * The built Admin Center (`admin-ui/dist`, made by `npm run build:admin`), read once at start: a few
 * hashed files, kept in memory. Missing files are not an error: /admin then says it is not built.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { projectFile } from '../../../platform/project-files.ts'

export interface AdminCenterFile {
  readonly contentType: string
  readonly body: Buffer
}

export interface AdminCenterFiles {
  index(): Buffer | undefined
  asset(name: string): AdminCenterFile | undefined
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

export const ADMIN_UI_DIST = projectFile('admin-ui', 'dist')

export function loadAdminCenterFiles(dir: string = ADMIN_UI_DIST): AdminCenterFiles {
  const indexPath = join(dir, 'index.html')
  const index = existsSync(indexPath) ? readFileSync(indexPath) : undefined
  const assets = new Map<string, AdminCenterFile>()
  const assetDir = join(dir, 'assets')
  if (existsSync(assetDir)) {
    for (const name of readdirSync(assetDir)) {
      const contentType = CONTENT_TYPES[extname(name)]
      if (contentType !== undefined) {
        assets.set(name, { contentType, body: readFileSync(join(assetDir, name)) })
      }
    }
  }
  return { index: () => index, asset: (name) => assets.get(name) }
}
