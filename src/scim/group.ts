/** Groups (SPEC §5 "Groups may follow"): stored and listed, with members of one organization; they grant nothing. */

export interface Group {
  readonly id: string
  readonly orgId: string
  readonly displayName: string
  readonly externalId: string | null
  readonly version: number
  readonly createdAt: number
  readonly updatedAt: number
}

export interface GroupMember {
  readonly id: string
  readonly display: string
}
