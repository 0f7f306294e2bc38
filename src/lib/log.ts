/** Structured logs on stderr, so that stdout stays clean for --json output. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export interface Log {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function createLog(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Log {
  const emit = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return
    const extra = fields && Object.keys(fields).length ? ' ' + JSON.stringify(fields) : ''
    write(`${new Date().toISOString()} ${lvl.toUpperCase()} ${msg}${extra}`)
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

export const silentLog: Log = { debug() {}, info() {}, warn() {}, error() {} }
