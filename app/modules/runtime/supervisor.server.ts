import { log } from './logger.server'

// Keeps an embedded service (PostgreSQL, Meilisearch) running: when its process exits
// without being asked to, it is started again after a delay that doubles on each failure
// (capped) and goes back to the first step once the service has stayed up for a while.
// Each supervised service reports its state for /healthz. External services (DATABASE_URL,
// MEILI_HOST) are never supervised: their clients reconnect once they come back.
// See docs/decisions/012-supervision-and-drain.md.

export type ProcessExit = { code: number | null; signal: NodeJS.Signals | null }

/** One running instance of a service's process. */
export type ServiceProcess = {
  pid: number
  /** settles when the process has exited, for whatever reason */
  exited: Promise<ProcessExit>
  /** asks the process to stop and waits for it */
  stop: () => Promise<void>
  /** asks the process to stop without waiting (a forced exit has no time to wait) */
  signalStop: () => void
}

export type ServiceMode = 'embedded' | 'external' | 'shared'
export type ServiceState = 'running' | 'restarting' | 'stopping' | 'stopped'

export type ServiceStatus = {
  mode: ServiceMode
  state: ServiceState
  pid?: number
  restarts: number
  since: string
  lastExit?: ProcessExit & { at: string }
  /** for mode "shared": the live process that owns the service (and will stop it) */
  ownerPid?: number
}

export type SupervisorOptions = {
  name: string
  /**
   * Starts a fresh process (the same port and data as before). `signal` aborts when the
   * supervisor is stopped: a process spawned but not yet ready must then be stopped too, since
   * the supervisor does not know it yet (a forced exit once left such a PostgreSQL running).
   */
  restart: (signal: AbortSignal) => Promise<ServiceProcess>
  /** called after each successful restart, e.g. to reconnect a client */
  onRestarted?: (process: ServiceProcess) => Promise<void> | void
  firstDelayMs?: number
  maxDelayMs?: number
  /** up this long: the next crash starts again from the first delay */
  stableAfterMs?: number
}

export type Supervisor = {
  status: () => ServiceStatus
  /** stops supervising, then the process; nothing is restarted afterwards */
  stop: () => Promise<void>
  /** for a forced exit: signal the current process to stop, without waiting */
  signalStop: () => void
}

const globalForServices = globalThis as unknown as { __serviceStatus?: Map<string, () => ServiceStatus> }

function statusRegistry() {
  globalForServices.__serviceStatus ??= new Map()
  return globalForServices.__serviceStatus
}

/** Makes `status` part of /healthz's `services` under `name` (a later registration replaces it). */
export function reportServiceStatus(name: string, status: () => ServiceStatus): void {
  statusRegistry().set(name, status)
}

export function forgetServiceStatus(name: string): void {
  statusRegistry().delete(name)
}

export function serviceStatuses(): Record<string, ServiceStatus> {
  return Object.fromEntries([...statusRegistry()].map(([name, status]) => [name, status()]))
}

export function supervise(first: ServiceProcess, options: SupervisorOptions): Supervisor {
  const firstDelayMs = options.firstDelayMs ?? 200
  const maxDelayMs = options.maxDelayMs ?? 10_000
  const stableAfterMs = options.stableAfterMs ?? 60_000
  let current: ServiceProcess | null = first
  let state: ServiceState = 'running'
  let since = Date.now()
  let restarts = 0
  let failuresInARow = 0
  let lastExit: ServiceStatus['lastExit']
  let stopping = false
  const stopped = new AbortController()
  let wakeUp: (() => void) | null = null
  let restartLoop: Promise<void> = Promise.resolve()

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wakeUp = () => {
        clearTimeout(timer)
        resolve()
      }
    }).finally(() => {
      wakeUp = null
    })

  const watch = (child: ServiceProcess) => {
    const startedAt = Date.now()
    void child.exited.then((exit) => {
      if (stopping || current !== child) return
      lastExit = { ...exit, at: new Date().toISOString() }
      if (Date.now() - startedAt >= stableAfterMs) failuresInARow = 0
      log.error(`embedded ${options.name} exited unexpectedly; restarting`, { pid: child.pid, ...exit, restarts })
      current = null
      state = 'restarting'
      since = Date.now()
      restartLoop = restartWithBackoff()
    })
  }

  const restartWithBackoff = async () => {
    while (!stopping) {
      const delayMs = Math.min(maxDelayMs, firstDelayMs * 2 ** failuresInARow)
      failuresInARow++
      await pause(delayMs)
      if (stopping) return
      try {
        const child = await options.restart(stopped.signal)
        if (stopping) {
          await child.stop()
          return
        }
        current = child
        restarts++
        state = 'running'
        since = Date.now()
        log.info(`embedded ${options.name} restarted`, { pid: child.pid, restarts, downMs: Date.now() - Date.parse(lastExit?.at ?? '') })
        watch(child)
      } catch (error) {
        log.warn(`embedded ${options.name} did not restart; trying again`, {
          error: error instanceof Error ? error.message : String(error),
          nextDelayMs: Math.min(maxDelayMs, firstDelayMs * 2 ** failuresInARow),
        })
        continue
      }
      try {
        await options.onRestarted?.(current)
      } catch (error) {
        log.warn(`after restarting embedded ${options.name}`, { error: error instanceof Error ? error.message : String(error) })
      }
      return
    }
  }

  watch(first)
  return {
    status: () => ({
      mode: 'embedded',
      state,
      ...(current ? { pid: current.pid } : {}),
      restarts,
      since: new Date(since).toISOString(),
      ...(lastExit ? { lastExit } : {}),
    }),
    stop: async () => {
      if (stopping) return
      stopping = true
      state = 'stopping'
      stopped.abort()
      wakeUp?.()
      // A restart under way finishes (and stops what it started) before we look at `current`.
      await restartLoop
      await current?.stop()
      current = null
      state = 'stopped'
    },
    signalStop: () => {
      stopping = true
      stopped.abort()
      current?.signalStop()
    },
  }
}
