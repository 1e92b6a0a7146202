/** The version of this Portcullis (package.json's), shown by `/healthz` and `portcullis --version`. */
import { readFileSync } from 'node:fs'

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
).version
