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
