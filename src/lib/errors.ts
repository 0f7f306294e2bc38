/** The one error type of the domain: a stable code plus details, mapped to HTTP or CLI output in one place. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly details: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? `${code}${Object.keys(details).length ? ' ' + JSON.stringify(details) : ''}`)
    this.name = 'AppError'
  }
}

/** A short human message for any thrown value, for storing as a feed's or article's last error. */
export function errorMessage(err: unknown): string {
  // The code says what kind of failure it was ("timeout", "blocked_address"), the message the particulars.
  if (err instanceof AppError && !err.message.startsWith(err.code)) return `${err.code}: ${err.message}`
  if (err instanceof Error) return err.message
  return String(err)
}
