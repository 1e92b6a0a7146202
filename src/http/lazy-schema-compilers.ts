/**
 * Fastify's own schema compilers (Ajv for what requests send, fast-json-stringify for what responses
 * say), each compiling a route's schema at its first request instead of at start (issue 29). A
 * deployment uses a fraction of the ~150 routes — most sign-ins never reach the Admin API, SCIM or
 * the import — and compiled validators and serializers of every route cost ~29 MiB of resident memory
 * and most of the start-up after the database is open. Behaviour is Fastify's: the same compilers and
 * options; a schema that cannot compile now fails its first request with a 500 instead of the start,
 * which `test/unit/http/schemas-compile.test.ts` guards by compiling every route's schemas.
 */
import AjvCompiler from '@fastify/ajv-compiler'
import SerializerSelector from '@fastify/fast-json-stringify-compiler'
import type { FastifyServerOptions } from 'fastify'

type Validate = ((data: unknown) => unknown) & { errors?: unknown }
type Serialize = (data: unknown) => string
type RouteSchema = { schema: unknown; method: string; url: string; httpPart?: string }

/** Compilers whose route functions compile on first use; `eager` compiles at once (tests). */
export function lazySchemaCompilers(
  eager = false,
): NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']> {
  const buildValidator = AjvCompiler()
  const buildSerializer = SerializerSelector()
  return {
    buildValidator: (externalSchemas: unknown, options: unknown) => {
      const compile = (buildValidator as (...a: unknown[]) => (route: RouteSchema) => Validate)(
        externalSchemas,
        options,
      )
      return (route: RouteSchema) => {
        // Fastify lowercases a headers schema only for its default compiler; none of ours has one.
        if (route.httpPart === 'headers') {
          throw new TypeError(`${route.method} ${route.url}: headers schemas are not supported`)
        }
        if (eager) return compile(route)
        let compiled: Validate | undefined
        // Without Ajv's schemaEnv on it, Fastify calls this with the data alone (no parent context:
        // only Ajv options that rewrite the root value would need one, and ours rewrite nothing).
        const validate: Validate = (data) => {
          compiled ??= compile(route)
          const valid = compiled(data)
          validate.errors = compiled.errors
          return valid
        }
        return validate
      }
    },
    buildSerializer: (externalSchemas: unknown, options: unknown) => {
      const compile = (buildSerializer as (...a: unknown[]) => (route: RouteSchema) => Serialize)(
        externalSchemas,
        options,
      )
      return (route: RouteSchema) => {
        if (eager) return compile(route)
        let compiled: Serialize | undefined
        return (data: unknown) => (compiled ??= compile(route))(data)
      }
    },
  } as never
}
