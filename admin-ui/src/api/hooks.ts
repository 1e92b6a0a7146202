/**
 * The one way pages talk to the Admin API: `useQuery` loads (again when its inputs change, or on
 * `reload()`), `useMutation` runs a change and keeps its error for the form that caused it, and
 * `useCursorPages` pages through a list with the API's cursors. Every error is the API's
 * `{ code, message, details }` (`errorOf`), shown by `ErrorNote`.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { errorOf, type APIError } from './client.ts'

export interface Query<T> {
  readonly data: T | undefined
  readonly error: APIError | null
  readonly loading: boolean
  /** Loads again (after a change elsewhere on the page). */
  readonly reload: () => Promise<void>
  /** Replaces the data with what a change answered, without loading again. */
  readonly set: (data: T) => void
}

/** `load`'s answer, loaded when the page shows and whenever one of `inputs` changes. */
export function useQuery<T>(load: () => Promise<T>, inputs: readonly unknown[]): Query<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<APIError | null>(null)
  const [loading, setLoading] = useState(true)
  // Only the latest load may set the state (an older answer arriving late is dropped).
  const latest = useRef(0)
  const reload = useCallback(async () => {
    const mine = ++latest.current
    setLoading(true)
    try {
      const answer = await load()
      if (mine !== latest.current) return
      setData(answer)
      setError(null)
    } catch (e) {
      if (mine === latest.current) setError(errorOf(e))
    } finally {
      if (mine === latest.current) setLoading(false)
    }
  }, inputs)
  useEffect(() => {
    void reload()
  }, [reload])
  return { data, error, loading, reload, set: setData }
}

export interface Mutation {
  /** Runs `change`; its answer, or undefined when it failed (then `error` says why). */
  readonly run: <R>(change: () => Promise<R>) => Promise<R | undefined>
  readonly error: APIError | null
  readonly pending: boolean
  readonly setError: (error: APIError | null) => void
}

/** A change the user makes (a form, a button): one at a time, its error kept for the page. */
export function useMutation(): Mutation {
  const [error, setError] = useState<APIError | null>(null)
  const [pending, setPending] = useState(false)
  const run = useCallback(async <R>(change: () => Promise<R>): Promise<R | undefined> => {
    setError(null)
    setPending(true)
    try {
      return await change()
    } catch (e) {
      setError(errorOf(e))
      return undefined
    } finally {
      setPending(false)
    }
  }, [])
  return { run, error, pending, setError }
}

/** One page of a cursor-paged list, and the cursor of the next (null on the last page). */
export interface CursorPage<T> {
  readonly items: readonly T[]
  readonly next: string | null
  /** How many items match, on all pages, where the API says. */
  readonly total?: number
}

export interface CursorPages<T> extends Query<CursorPage<T>> {
  readonly hasPrevious: boolean
  readonly hasNext: boolean
  readonly previous: () => void
  readonly next: () => void
  /** Back to the first page (after the filters changed, or something was added). */
  readonly first: () => void
}

/**
 * A list paged by the API's cursors: Previous keeps a stack of the cursors seen (the API has no
 * backwards cursor), Next follows the page's own. `inputs` (filters) start again from the first page.
 */
export function useCursorPages<T>(
  load: (cursor: string | undefined) => Promise<CursorPage<T>>,
  inputs: readonly unknown[],
): CursorPages<T> {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined])
  const cursor = cursors[cursors.length - 1]
  useEffect(() => setCursors([undefined]), inputs)
  const query = useQuery(() => load(cursor), [cursor, ...inputs])
  const nextCursor = query.data?.next ?? null
  return {
    ...query,
    hasPrevious: cursors.length > 1,
    hasNext: nextCursor !== null,
    previous: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    next: () => {
      if (nextCursor !== null) setCursors((seen) => [...seen, nextCursor])
    },
    first: () => {
      if (cursors.length === 1) void query.reload()
      else setCursors([undefined])
    },
  }
}
