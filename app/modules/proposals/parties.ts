import type { Viewer } from '~/modules/listings/visibility'

// The two parties of a proposal: the need's college, and the offer's business or expert.
// A party is written "org:<id>" or "expert:<id>"; proposals store theirs when sent (caps,
// blocks and inboxes read them). Pure, for the server and the pages alike.

export type Party = `org:${string}` | `expert:${string}`

export const orgParty = (orgId: string): Party => `org:${orgId}`
export const expertParty = (expertId: string): Party => `expert:${expertId}`

export function needParty(need: { orgId: string }): Party {
  return orgParty(need.orgId)
}

export function offerParty(offer: { orgId: string | null; expertId: string | null }): Party {
  if (offer.orgId) return orgParty(offer.orgId)
  if (offer.expertId) return expertParty(offer.expertId)
  throw new Error('an offer belongs to an organisation or an expert')
}

/** Every party the viewer acts for: their organisations and their expert profile. */
export function partiesOf(viewer: Viewer): Party[] {
  return [...viewer.orgIds.map(orgParty), ...(viewer.expertId ? [expertParty(viewer.expertId)] : [])]
}

/** The viewer's side of a proposal, or null when they are not a party (admins included). */
export function roleIn(viewer: Viewer | null, proposal: { senderParty: string; recipientParty: string }): 'sender' | 'recipient' | null {
  if (!viewer || viewer.readOnly) return null
  const mine = partiesOf(viewer) as string[]
  if (mine.includes(proposal.senderParty)) return 'sender'
  if (mine.includes(proposal.recipientParty)) return 'recipient'
  return null
}

/** Parties and admins see a proposal, its thread and its agreement; nobody else learns it exists. */
export function canSeeProposal(viewer: Viewer | null, proposal: { senderParty: string; recipientParty: string }): boolean {
  if (!viewer) return false
  if (viewer.isAdmin) return true
  const mine = partiesOf(viewer) as string[]
  return mine.includes(proposal.senderParty) || mine.includes(proposal.recipientParty)
}

// Before acceptance, email addresses and phone numbers in messages stay hidden from the other
// party: the platform's thread is where the two sides talk until they agree.
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu
// Vietnamese and international numbers: 9–15 digits with optional +, spaces, dots, dashes, brackets.
const PHONE = /(?:\+|\b)(?:\d[\s.\-()]{0,2}){8,14}\d\b/g

export const HIDDEN_CONTACT = '[…]'

export function hideContacts(text: string): string {
  return text.replace(EMAIL, HIDDEN_CONTACT).replace(PHONE, HIDDEN_CONTACT)
}
