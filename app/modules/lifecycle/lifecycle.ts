// A lifecycle is a table: for each action, the states it may start from and the state it
// leads to. Listings use one now; proposals, agreements and payments will declare theirs the
// same way, each in its module's `lifecycle.ts`, and run them through `transition`
// (transition.server.ts). This file holds no server code, so pages can ask which buttons apply.

export type Transition<State extends string> = { readonly from: readonly State[]; readonly to: State }

export type Lifecycle<State extends string, Action extends string> = {
  readonly states: readonly State[]
  readonly transitions: { readonly [A in Action]: Transition<State> }
}

/** Declares a lifecycle; `const` keeps the states and actions as literal types. */
export function defineLifecycle<const State extends string, const Action extends string>(lifecycle: Lifecycle<State, Action>) {
  return lifecycle
}

/**
 * What `action` does to something in `state`: nothing (`same`: already there, so a second
 * click finds the work done), a change (`allowed`), or a refusal (`not-allowed`).
 */
export function judgeTransition<State extends string, Action extends string>(
  lifecycle: Lifecycle<State, Action>,
  action: Action,
  state: State,
): 'same' | 'allowed' | 'not-allowed' {
  const rule = lifecycle.transitions[action]
  if (state === rule.to) return 'same'
  return rule.from.includes(state) ? 'allowed' : 'not-allowed'
}

/** The actions (of `among`, in its order) that change something in `state`. */
export function actionsFrom<State extends string, Action extends string>(
  lifecycle: Lifecycle<State, Action>,
  state: State,
  among: readonly Action[],
): Action[] {
  return among.filter((action) => judgeTransition(lifecycle, action, state) === 'allowed')
}
