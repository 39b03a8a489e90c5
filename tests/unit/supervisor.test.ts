import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { stopIfNotReady } from '~/modules/runtime/process.server'
import { supervise, type ProcessExit, type ServiceProcess } from '~/modules/runtime/supervisor.server'

// The supervisor of the embedded services, with stand-in processes; and the start-up guard
// that keeps a spawned server from outliving a start that never finished, with a real child.

type FakeProcess = ServiceProcess & { crash: () => void; stopped: boolean }

function fakeProcess(pid: number): FakeProcess {
  let exit: (value: ProcessExit) => void = () => {}
  const exited = new Promise<ProcessExit>((resolve) => (exit = resolve))
  const fake: FakeProcess = {
    pid,
    exited,
    stopped: false,
    stop: async () => {
      fake.stopped = true
      exit({ code: 0, signal: null })
    },
    signalStop: () => {
      fake.stopped = true
      exit({ code: 0, signal: null })
    },
    crash: () => exit({ code: null, signal: 'SIGKILL' }),
  }
  return fake
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 2))
  expect(condition()).toBe(true)
}

describe('the service supervisor', () => {
  it('starts a process that exited unexpectedly again, and says so in its status', async () => {
    const first = fakeProcess(1)
    const second = fakeProcess(2)
    const supervisor = supervise(first, { name: 'test', restart: async () => second, firstDelayMs: 1 })
    first.crash()
    await until(() => supervisor.status().pid === 2)
    expect(supervisor.status()).toMatchObject({ state: 'running', restarts: 1, lastExit: { signal: 'SIGKILL' } })
    await supervisor.stop()
    expect(second.stopped).toBe(true)
    expect(supervisor.status().state).toBe('stopped')
  })

  it('starts nothing once stopped', async () => {
    const first = fakeProcess(1)
    let restarts = 0
    const supervisor = supervise(first, { name: 'test', restart: async () => (restarts++, fakeProcess(2)), firstDelayMs: 1 })
    await supervisor.stop()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(first.stopped).toBe(true)
    expect(restarts).toBe(0)
  })

  it('aborts a restart under way when told to stop at once (a forced exit)', async () => {
    const first = fakeProcess(1)
    let startSignal: AbortSignal | undefined
    // A restart that never becomes ready (a server refusing to accept connections).
    const supervisor = supervise(first, {
      name: 'test',
      restart: (signal) => {
        startSignal = signal
        return new Promise<ServiceProcess>(() => {})
      },
      firstDelayMs: 1,
    })
    first.crash()
    await until(() => startSignal !== undefined)
    expect(startSignal!.aborted).toBe(false)
    supervisor.signalStop()
    expect(startSignal!.aborted).toBe(true)
  })
})

describe('a service that is starting', () => {
  const waitForExit = (child: ReturnType<typeof spawn>) => async () => {
    while (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => setTimeout(resolve, 5))
    throw new Error('exited while starting')
  }

  it('is stopped when its start is aborted', async () => {
    const child = spawn('sleep', ['60'])
    const aborted = new AbortController()
    const starting = stopIfNotReady(child, 'SIGTERM', aborted.signal, waitForExit(child))
    aborted.abort()
    await expect(starting).rejects.toThrow('exited while starting')
    expect(child.signalCode).toBe('SIGTERM')
  })

  it('is stopped when its start fails', async () => {
    const child = spawn('sleep', ['60'])
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
    await expect(stopIfNotReady(child, 'SIGINT', undefined, async () => Promise.reject(new Error('refused the credentials')))).rejects.toThrow('refused')
    expect(await exited).toBe('SIGINT')
  })

  it('is left running once ready', async () => {
    const child = spawn('sleep', ['60'])
    const aborted = new AbortController()
    await stopIfNotReady(child, 'SIGTERM', aborted.signal, async () => 'ready')
    aborted.abort()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(child.exitCode === null && child.signalCode === null).toBe(true)
    child.kill('SIGKILL')
  })
})
