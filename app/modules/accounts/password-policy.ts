// Refuses the passwords an attacker tries first (shared by the forms in the browser and the
// server, so it stays small): the commonest passwords long enough to pass the length rule,
// a few characters repeated, runs along the alphabet, digits or keyboard rows, and the
// account's own email or its name part. A message key for the field, or null when it passes.

// Common passwords of 10+ characters (from public breach top lists, plus Vietnamese ones:
// "matkhau" = password, "anhyeuem"/"emyeuanh" = I love you), compared case- and
// separator-insensitively.
const COMMON = new Set(
  [
    'password123', 'password1234', 'password12', 'passwordpassword', 'password01', 'password2024', 'password2025', 'password2026',
    'iloveyou12', 'iloveyou123', 'qwertyuiop', 'qwertyuiop123', 'qwerty1234', 'qwerty12345', 'qwerty123456', 'qwertyqwerty',
    '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'zaq12wsxcde3', '1qaz2wsx3edc', 'asdfghjkl1', 'asdfghjkl123', 'zxcvbnm123',
    '123456789a', 'a123456789', '123456789q', '1234567890q', 'abc1234567', 'abcd123456', 'abc123456789', '12345abcde',
    'welcome123', 'welcome1234', 'letmein123', 'letmein1234', 'admin12345', 'admin123456', 'administrator', 'changeme123',
    'sunshine123', 'princess123', 'football123', 'baseball123', 'superman123', 'batman12345', 'monkey12345', 'dragon12345',
    'trustno1234', 'michael123', 'jennifer123', 'starwars123', 'computer123', 'internet123', 'whatever123', 'master12345',
    'matkhau123', 'matkhau1234', 'matkhaumoi', 'matkhau2024', 'matkhau2025', 'matkhau2026', 'anhyeuem123', 'anhyeuem1234',
    'emyeuanh123', 'emyeuanh1234', 'yeuemnhieu', 'vietnam123', 'vietnam1234', 'vietnam2024', 'hanoi12345', 'saigon1234',
    'caunoi12345', 'caunoi2026', 'caunoi123456', 'changeme12', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123', 'pa55word123',
  ].map((p) => p.replace(/[^a-z0-9]/g, '')),
)

const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p']

/** True when every character continues a run (forwards or backwards) of one of RUNS. */
function isRun(value: string): boolean {
  return RUNS.some((run) => {
    const reversed = [...run].reverse().join('')
    return [run, reversed].some((line) => {
      const doubled = line + line
      // A stretch of the run, possibly repeated ("12345678901234" or "abcabcabcabc").
      for (let size = 3; size <= line.length; size++) {
        for (let start = 0; start < line.length; start++) {
          const piece = doubled.slice(start, start + size)
          if (piece.length === size && piece.repeat(Math.ceil(value.length / size)).startsWith(value)) return true
        }
      }
      return false
    })
  })
}

export function passwordProblem(password: string, email?: string): 'security.passwordCommon' | 'security.passwordTrivial' | 'security.passwordIsEmail' | null {
  const lower = password.normalize('NFKC').toLowerCase()
  const compact = lower.replace(/[^a-z0-9]/g, '')
  if (email) {
    const address = email.trim().toLowerCase()
    const local = address.split('@')[0] ?? ''
    const stripped = compact.replace(/\d+$/, '')
    if (lower.includes(address) || (local.length >= 3 && (stripped === local.replace(/[^a-z0-9]/g, '') || lower === local))) {
      return 'security.passwordIsEmail'
    }
  }
  if (new Set(lower).size < 4) return 'security.passwordTrivial'
  if (isRun(lower) || (compact.length >= 8 && isRun(compact))) return 'security.passwordTrivial'
  if (COMMON.has(compact) || COMMON.has(compact.replace(/\d+$/, '') + '123')) return 'security.passwordCommon'
  return null
}
