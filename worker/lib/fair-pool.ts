/**
 * Run `work` over `items` with at most `total` at once and at most `perOwner` of one owner at
 * once, taking items in order otherwise: one owner's many slow items cannot hold every slot, so
 * another owner's item starts at once. `work` must not reject (it handles its own failures).
 * Pure: no I/O of its own.
 */
export async function runFairly<T>(
  items: readonly T[],
  opts: { ownerOf: (item: T) => number; perOwner: number; total: number },
  work: (item: T) => Promise<void>,
): Promise<void> {
  const waiting = [...items];
  const busy = new Map<number, number>();
  let running = 0;
  await new Promise<void>((resolve) => {
    const startWhatFits = () => {
      if (!waiting.length && running === 0) return resolve();
      for (let i = 0; i < waiting.length && running < opts.total; ) {
        const item = waiting[i] as T;
        const owner = opts.ownerOf(item);
        if ((busy.get(owner) ?? 0) >= opts.perOwner) {
          i++;
          continue;
        }
        waiting.splice(i, 1);
        running++;
        busy.set(owner, (busy.get(owner) ?? 0) + 1);
        void work(item).finally(() => {
          running--;
          busy.set(owner, (busy.get(owner) ?? 1) - 1);
          startWhatFits();
        });
      }
    };
    startWhatFits();
  });
}
