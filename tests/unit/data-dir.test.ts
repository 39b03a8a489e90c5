import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { announceDataDir, checkDataDir } from '~/modules/runtime/data-dir.server'

// A project folder with an app running on ./data (its postmaster.pid names this live process).
let root: string

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-data-dir-'))
  fs.mkdirSync(path.join(root, 'data', 'postgres'), { recursive: true })
  fs.writeFileSync(path.join(root, 'data', 'postgres', 'postmaster.pid'), `${process.pid}\n${root}/data/postgres\n0\n5432\n`)
})

afterEach(() => {
  vi.restoreAllMocks()
  fs.rmSync(root, { recursive: true, force: true })
})

describe('checkDataDir', () => {
  it('names the running app\'s folder when a relative DATA_DIR resolved elsewhere would make a new one', () => {
    const fromAppFolder = path.join(root, 'app', 'data')
    expect(checkDataDir({ dataDir: fromAppFolder, configured: './data', root })).toEqual({
      dataDir: fromAppFolder,
      exists: false,
      runningElsewhere: path.join(root, 'data'),
    })
  })

  it('says nothing for the running app\'s own folder, or when no app runs', () => {
    expect(checkDataDir({ dataDir: path.join(root, 'data'), configured: './data', root }).runningElsewhere).toBeNull()
    fs.rmSync(path.join(root, 'data', 'postgres', 'postmaster.pid'))
    expect(checkDataDir({ dataDir: path.join(root, 'elsewhere'), configured: './data', root })).toMatchObject({ exists: false, runningElsewhere: null })
  })

  it('says nothing for a folder that already holds data (a deliberate second instance)', () => {
    const second = path.join(root, 'data-2')
    fs.mkdirSync(path.join(second, 'postgres'), { recursive: true })
    expect(checkDataDir({ dataDir: second, configured: './data-2', root })).toMatchObject({ exists: true, runningElsewhere: null })
  })
})

describe('announceDataDir', () => {
  it('logs the folder on stderr even under LOG_LEVEL=warn', () => {
    vi.stubEnv('LOG_LEVEL', 'warn')
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const dataDir = path.join(root, 'data')
    announceDataDir({ dataDir, DATA_DIR: dataDir })
    const lines = stderr.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>)
    expect(lines).toEqual([expect.objectContaining({ level: 'info', msg: 'data folder', dataDir })])
    vi.unstubAllEnvs()
  })
})
