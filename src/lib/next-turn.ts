/**
 * Resolves on the event loop's next turn, after the I/O waiting now: the database answers on this
 * thread, so long work in slices lets other requests in between them only through this.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
