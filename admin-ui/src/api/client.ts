/**
 * The Admin API client: openapi-fetch typed from docs/openapi.json (schema.d.ts is generated from it), on
 * the browser's session. Every change carries the session's CSRF token; every error comes back as the
 * API's `{ code, message, details }` for the page to show next to what caused it.
 */
import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from '../schema.d.ts'

export type Schemas = components['schemas']

/** The JSON body an Admin API operation takes, from the OpenAPI document (no hand-written copy). */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } }
}
  ? B
  : never

export interface APIError {
  readonly code: string
  readonly message: string
  readonly details?: Record<string, unknown>
}

/** GET /api/v1/session, as the OpenAPI document describes it. */
export type Session =
  paths['/api/v1/session']['get']['responses'][200]['content']['application/json']
/** What an organization's plan can include (issue 23). */
export type Feature = Session['features'][number]

let csrfToken = ''

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      request.headers.set('x-csrf-token', csrfToken)
    }
    return request
  },
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })
api.use(csrf)

/** Reads who is signed in; a lost session sends the browser through sign-in again. */
export async function loadSession(): Promise<Session> {
  const response = await fetch('/api/v1/session', { credentials: 'same-origin' })
  if (response.status === 401) {
    window.location.assign(window.location.pathname)
    throw new Error('signed out')
  }
  const session = (await response.json()) as Session
  csrfToken = session.csrfToken
  return session
}

/** The error of an openapi-fetch answer, as the API wrote it. */
export function apiError(error: unknown, status?: number): APIError {
  const body = (error as { error?: APIError } | undefined)?.error
  if (body !== undefined && typeof body.code === 'string') return body
  return { code: `http.${status ?? 'error'}`, message: 'The request failed.' }
}

/** Unwraps an openapi-fetch result: the data, or throws the API's error. */
export async function call<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await promise
  if (response.status === 401) {
    window.location.assign(window.location.pathname)
  }
  if (error !== undefined || !response.ok) throw new APIFailure(apiError(error, response.status))
  return data as T
}

export class APIFailure extends Error {
  readonly apiError: APIError
  constructor(apiError: APIError) {
    super(`${apiError.code}: ${apiError.message}`)
    this.apiError = apiError
  }
}

export function errorOf(error: unknown): APIError {
  if (error instanceof APIFailure) return error.apiError
  return { code: 'client.error', message: error instanceof Error ? error.message : String(error) }
}

/**
 * For the few calls whose body is not JSON (metadata XML, CSV uploads): plain fetch with the session's
 * CSRF token, answered like `call`.
 */
export async function send<T>(
  method: string,
  path: string,
  body?: BodyInit,
  contentType?: string,
): Promise<T> {
  const text = await (await request(method, path, body, contentType)).text()
  return (text === '' ? undefined : JSON.parse(text)) as T
}

/** A change whose answer is a file (a CSV): saved under the name the server gives. */
export async function download(
  method: string,
  path: string,
  body?: BodyInit,
  contentType?: string,
): Promise<void> {
  const response = await request(method, path, body, contentType)
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1]
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = name ?? 'download'
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

async function request(
  method: string,
  path: string,
  body?: BodyInit,
  contentType?: string,
): Promise<Response> {
  const headers: Record<string, string> = method === 'GET' ? {} : { 'x-csrf-token': csrfToken }
  if (contentType !== undefined) headers['content-type'] = contentType
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body }),
  })
  if (response.status === 401) window.location.assign(window.location.pathname)
  if (!response.ok) {
    let json: unknown
    try {
      json = JSON.parse(await response.text())
    } catch {
      json = undefined // not the API's JSON (a proxy's error page): the status says what happened
    }
    throw new APIFailure(apiError(json, response.status))
  }
  return response
}
