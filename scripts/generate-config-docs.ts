/** `npm run docs:config`: rewrites the configuration reference in docs/operator/configuration.md from src/config/defaults.ts. */
import { readFileSync, writeFileSync } from 'node:fs'
import { replaceConfigReference } from '../src/config/reference.ts'

const path = new URL('../docs/operator/configuration.md', import.meta.url)
writeFileSync(path, replaceConfigReference(readFileSync(path, 'utf8')))
