/** Whether a process with this id runs on this machine (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to another user. Only ESRCH says it is gone.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'
  }
}
