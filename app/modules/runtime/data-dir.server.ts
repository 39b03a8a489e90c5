import fs from 'node:fs'
import path from 'node:path'
import { log } from './logger.server'
import { projectRoot } from './paths.server'
import { isAlive } from './process.server'

// Every command says which data folder it uses, and warns before it would make a second,
// empty one while an app runs on another: a relative DATA_DIR is resolved from the working
// directory, so `./data` from another folder is a new database, not the running app's.

export type DataDirCheck = {
  dataDir: string
  /** false when the folder is missing or empty: this command would create it */
  exists: boolean
  /** the data folder of a running app this command would not use, when `exists` is false */
  runningElsewhere: string | null
}

/** Does `dataDir` hold a running embedded PostgreSQL (postmaster.pid naming a live process)? */
function hasRunningDatabase(dataDir: string): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0])
    return Number.isInteger(pid) && pid > 0 && isAlive(pid)
  } catch {
    return false
  }
}

function holdsData(dataDir: string): boolean {
  try {
    return fs.readdirSync(dataDir).length > 0
  } catch {
    return false
  }
}

/**
 * Where the data folder would be had the command run from the project's folder (where npm
 * runs every script), and the default one; the first of them a running app uses.
 */
export function checkDataDir({ dataDir, configured, root = projectRoot }: { dataDir: string; configured: string; root?: string }): DataDirCheck {
  const exists = holdsData(dataDir)
  if (exists) return { dataDir, exists, runningElsewhere: null }
  const candidates = [...new Set([path.resolve(root, configured), path.resolve(root, 'data')])].filter((dir) => dir !== dataDir)
  return { dataDir, exists, runningElsewhere: candidates.find(hasRunningDatabase) ?? null }
}

/** The start-up line every command prints (from startServices), and the warning when it applies. */
export function announceDataDir(env: { dataDir: string; DATA_DIR: string }): DataDirCheck {
  const check = checkDataDir({ dataDir: env.dataDir, configured: env.DATA_DIR })
  log.announce('data folder', { dataDir: check.dataDir, ...(check.exists ? {} : { new: true }) })
  if (check.runningElsewhere) {
    log.warn(
      `DATA_DIR=${env.DATA_DIR} is a new, empty data folder (${check.dataDir}) while an app runs on ${check.runningElsewhere}: ` +
        `this command will not see that app's data. If you meant it, run from the project folder or set DATA_DIR=${check.runningElsewhere}`,
      { dataDir: check.dataDir, running: check.runningElsewhere },
    )
  }
  return check
}
