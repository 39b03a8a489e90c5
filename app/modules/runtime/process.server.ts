import type { ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import { log } from './logger.server'
import type { ProcessExit, ServiceProcess } from './supervisor.server'

// Small process helpers shared by the embedded services.

/**
 * Logs a child's output (debug, under `name`) and keeps its last 2,000 characters, to say
 * why it failed to start. Returns the reader of that tail.
 */
export function recentOutput(child: ChildProcess, name: string): () => string {
  let recent = ''
  const record = (chunk: Buffer) => {
    const text = chunk.toString().trim()
    recent = `${recent}\n${text}`.slice(-2000)
    log.debug(name, { message: text })
  }
  child.stdout?.on('data', record)
  child.stderr?.on('data', record)
  return () => recent.trim()
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port)
        else reject(new Error('could not pick a free port'))
      })
    })
  })
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The command line of a live process (Linux /proc), or null where it cannot be read. */
export function processCommand(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim()
  } catch {
    return null
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return !isAlive(pid)
}

/** Stops a process that is not our child (an orphan): `signal`, then SIGKILL after `timeoutMs`. */
export async function stopProcess(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  try {
    process.kill(pid, signal)
  } catch {
    return
  }
  if (await waitForExit(pid, timeoutMs)) return
  process.kill(pid, 'SIGKILL')
  await waitForExit(pid, 5_000)
}

/**
 * A child we spawned as a ServiceProcess. It runs in its own process group (`detached`) so
 * that a terminal's Ctrl-C reaches only the app, which then stops it in order; a forced stop
 * escalates to SIGKILL after `stopTimeoutMs`.
 */
export function childServiceProcess(child: ChildProcess, stopSignal: NodeJS.Signals, stopTimeoutMs: number): ServiceProcess {
  const exited = new Promise<ProcessExit>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode })
    else child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  const running = () => child.exitCode === null && child.signalCode === null
  return {
    pid: child.pid!,
    exited,
    signalStop: () => {
      if (running()) child.kill(stopSignal)
    },
    stop: async () => {
      if (running()) child.kill(stopSignal)
      const timer = setTimeout(() => {
        if (running()) child.kill('SIGKILL')
      }, stopTimeoutMs)
      await exited
      clearTimeout(timer)
    },
  }
}

/**
 * Waits for a freshly spawned service to be `ready`. Until then, an abort of `signal` (its
 * supervisor stopping, perhaps for a forced exit) stops the child, and so does a failed
 * start: a child that never became ready is not left running unseen.
 */
export async function stopIfNotReady<T>(child: ChildProcess, stopSignal: NodeJS.Signals, signal: AbortSignal | undefined, ready: () => Promise<T>): Promise<T> {
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(stopSignal)
  }
  signal?.addEventListener('abort', stop, { once: true })
  if (signal?.aborted) stop()
  try {
    return await ready()
  } catch (error) {
    stop()
    throw error
  } finally {
    signal?.removeEventListener('abort', stop)
  }
}
