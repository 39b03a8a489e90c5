import { actionsFrom, defineLifecycle } from '~/modules/lifecycle/lifecycle'

// A proposal's status, run by the lifecycle engine (proposals.server.ts).
//
//   action    from   to         who
//   accept    sent   accepted   the recipient side (takes the quantity from both listings)
//   decline   sent   declined   the recipient side, with an optional reason
//   withdraw  sent   withdrawn  the sender side
//   expire    sent   expired    the system, PROPOSAL_EXPIRY_DAYS after sending

export const PROPOSAL_STATUSES = ['sent', 'accepted', 'declined', 'withdrawn', 'expired'] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]

export const PROPOSAL_LIFECYCLE = defineLifecycle({
  states: PROPOSAL_STATUSES,
  transitions: {
    accept: { from: ['sent'], to: 'accepted' },
    decline: { from: ['sent'], to: 'declined' },
    withdraw: { from: ['sent'], to: 'withdrawn' },
    expire: { from: ['sent'], to: 'expired' },
  },
})

export type ProposalRole = 'sender' | 'recipient'
export const ACTIONS_OF: Record<ProposalRole, readonly ('accept' | 'decline' | 'withdraw')[]> = {
  recipient: ['accept', 'decline'],
  sender: ['withdraw'],
}
export type ProposalAction = (typeof ACTIONS_OF)[ProposalRole][number]

export function isProposalAction(value: unknown): value is ProposalAction {
  return value === 'accept' || value === 'decline' || value === 'withdraw'
}

/** The buttons a party sees on a proposal in `status`. */
export function proposalActionsFor(status: ProposalStatus, role: ProposalRole | null): ProposalAction[] {
  return role ? actionsFrom(PROPOSAL_LIFECYCLE, status, ACTIONS_OF[role]) : []
}
