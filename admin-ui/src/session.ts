/** Who is signed in and which organization they administer, for every page. */
import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { Session } from './api/client.ts'

export const SessionContext = createContext<Session | null>(null)

export function useSession(): Session {
  const session = useContext(SessionContext)
  if (session === null) throw new Error('no session')
  return session
}

/** `{ orgId }` path parameter of every Admin API call. */
export function useOrg(): { params: { path: { orgId: string } }; orgId: string } {
  const orgId = useSession().organizationId
  return { params: { path: { orgId } }, orgId }
}
