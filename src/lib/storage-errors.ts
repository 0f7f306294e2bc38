/**
 * Whether an error (or one it wraps: Drizzle wraps libSQL's) says the disk is full: SQLITE_FULL from
 * the database, ENOSPC from the file system.
 */
export function isStorageFull(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, extendedCode, rawCode } = e as {
      code?: unknown
      extendedCode?: unknown
      rawCode?: unknown
    }
    if (
      code === 'ENOSPC' ||
      code === 'SQLITE_FULL' ||
      extendedCode === 'SQLITE_FULL' ||
      rawCode === 13
    )
      return true
  }
  return false
}

/**
 * Whether an error says the database was locked by another connection (SQLITE_BUSY, SQLITE_LOCKED):
 * the statement did nothing and can be tried again.
 */
export function isBusy(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, rawCode } = e as { code?: unknown; rawCode?: unknown }
    // rawCode may be an extended code (SQLITE_BUSY_SNAPSHOT is 517): its low byte is the primary one.
    const primary = typeof rawCode === 'number' ? rawCode & 0xff : null
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || primary === 5 || primary === 6)
      return true
  }
  return false
}
