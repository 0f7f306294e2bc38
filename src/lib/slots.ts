import pLimit from 'p-limit'

/** A counted set of slots held across awaits: `hold()` waits for a free slot and returns its release. */
export interface Slots {
  hold(): Promise<() => void>
}

export function createSlots(size: number): Slots {
  const limit = pLimit(size)
  return {
    hold: () =>
      new Promise((granted) => {
        void limit(() => new Promise<void>((release) => granted(() => release())))
      }),
  }
}
