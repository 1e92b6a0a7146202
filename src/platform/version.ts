/** The version of this Portcullis (package.json's), shown by `/healthz` and `portcullis --version`. */
import { readFileSync } from 'node:fs'
import { projectFile } from './project-files.ts'

export const VERSION: string = (
  JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as {
    version: string
  }
).version
