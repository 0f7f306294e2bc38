/**
 * Turns at the database between the server's thread and a background writer in the same process (the
 * scoring worker, on a connection of its own). SQLite lets one connection write at a time; a
 * connection that finds the lock taken sleeps and tries again (the busy timeout), and on this thread
 * that sleep holds the event loop. A background writer that starts its next transaction as soon as
 * one commits can starve it: its tries keep landing inside a transaction. So this thread counts its
 * statements in flight in shared memory, and the background writer waits for none before each of
 * its (short) transactions: a statement of this thread waits for at most the one transaction already
 * begun.
 *
 * Slots: IN_FLIGHT, this thread's statements running now; STARTED, how many it has started (it tells
 * one statement from the next); OVERLAPS, background transactions begun while a statement of this
 * thread was in flight; TWICE, statements that saw two such transactions begin (never, if turns work).
 */
const IN_FLIGHT = 0
const STARTED = 1
const OVERLAPS = 2
const TWICE = 3
const SLOTS = 4

export type WriteTurns = SharedArrayBuffer

export function createWriteTurns(): WriteTurns {
  return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT)
}

/** This thread: runs one statement (or batch), counted as in flight until it settles. */
export function inTurn<T>(turns: WriteTurns, run: () => Promise<T>): Promise<T> {
  const slots = new Int32Array(turns)
  Atomics.add(slots, IN_FLIGHT, 1)
  Atomics.add(slots, STARTED, 1)
  const done = () => {
    Atomics.sub(slots, IN_FLIGHT, 1)
    Atomics.notify(slots, IN_FLIGHT)
  }
  try {
    return run().finally(done)
  } catch (err) {
    done()
    throw err
  }
}

// In Node since 16, not yet in TypeScript's lib for this target.
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      a: Int32Array,
      index: number,
      value: number,
      timeoutMs: number,
    ): { value: string | Promise<string> }
  }
).waitAsync

// A statement of the other thread that stays in flight longer than this (itself waiting on another
// process's lock) does not stop the background writer for good.
const MAX_WAIT_MS = 5_000

/**
 * The background writer: resolves when no statement of the server's thread is in flight (or after
 * MAX_WAIT_MS), then notes whether one started meanwhile. Call it right before each transaction.
 */
export async function awaitTurn(turns: WriteTurns): Promise<{ waited: boolean }> {
  const slots = new Int32Array(turns)
  const deadline = Date.now() + MAX_WAIT_MS
  let waited = false
  for (let n = Atomics.load(slots, IN_FLIGHT); n > 0; n = Atomics.load(slots, IN_FLIGHT)) {
    const left = deadline - Date.now()
    if (left <= 0) break
    waited = true
    await waitAsync(slots, IN_FLIGHT, n, left).value
  }
  return { waited }
}

/**
 * The background writer, as its transaction begins: counts it against the statement of the server's
 * thread in flight, if any (the race between awaitTurn and the transaction's first statement).
 * `last` is the statement the previous overlap was counted against; returns this one's.
 */
export function noteBegin(turns: WriteTurns, last: number): number {
  const slots = new Int32Array(turns)
  if (Atomics.load(slots, IN_FLIGHT) === 0) return -1
  const statement = Atomics.load(slots, STARTED)
  Atomics.add(slots, OVERLAPS, 1)
  if (statement === last) Atomics.add(slots, TWICE, 1)
  return statement
}

/** What the turns saw, for tests and logs. */
export function turnsSeen(turns: WriteTurns) {
  const slots = new Int32Array(turns)
  return {
    statementsStarted: Atomics.load(slots, STARTED),
    overlaps: Atomics.load(slots, OVERLAPS),
    waitedForTwo: Atomics.load(slots, TWICE),
  }
}
