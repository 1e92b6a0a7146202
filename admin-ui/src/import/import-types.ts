/** What the import routes answer, as the pages read them (the run and its rows). */

export interface Counts {
  readonly create: number
  readonly update: number
  readonly unchanged: number
  readonly reject: number
}

export interface Planned {
  readonly row: number
  readonly line: number
  readonly email: string
  readonly outcome: string
  readonly code?: string
  readonly changes?: Record<string, string>
}

export interface Run {
  readonly id: string
  readonly status: string
  readonly totalRows: number
  readonly doneRows: number
  readonly counts: Counts
  readonly error: string | null
  readonly sendInvitations: boolean
}

export interface ResultRow {
  readonly row: number
  readonly line: number
  readonly email: string
  readonly outcome: string | null
  readonly code: string | null
}

/** Rows shown per page (the dry run's and the run's results). */
export const PAGE = 100
