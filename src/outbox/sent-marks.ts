import type { OutboxMessage, OutboxStore, SentMark } from "../store/ports.ts";

export type SentMarks = {
  /** Marks a message sent, with the messages the platform answered in the same moment; resolves once it is written. */
  sent(message: OutboxMessage, externalId: string | null, at: Date): Promise<void>;
};

type Waiting = { mark: SentMark; resolve(): void; reject(err: unknown): void };

/**
 * Writes sent marks together: the messages whose answers arrive before the next turn of the
 * clock's timers (a millisecond or so; at 1,000 a second, a few) are marked in one statement, not
 * one statement each. No I/O is awaited before the write, so a crash between a platform's answer
 * and its mark can repeat only messages that were in flight at that moment, as before: each
 * message's own send still waits for its mark to be written before the drainer counts it done.
 * @example
 * const marks = createSentMarks(store.outbox);
 * await marks.sent(message, "4321", new Date());
 */
export function createSentMarks(outbox: OutboxStore): SentMarks {
  let waiting: Waiting[] = [];

  async function flush(): Promise<void> {
    const now = waiting;
    waiting = [];
    try {
      await outbox.markSentEach(now.map((w) => w.mark));
      for (const w of now) w.resolve();
    } catch (err) {
      // Each message's caller reports it; the rows keep their lease and come back when it ends.
      for (const w of now) w.reject(err);
    }
  }

  return {
    sent(message, externalId, at) {
      return new Promise<void>((resolve, reject) => {
        if (waiting.length === 0) setTimeout(() => void flush(), 0);
        waiting.push({ mark: { id: message.id, attempts: message.attempts, externalId, sentAt: at }, resolve, reject });
      });
    },
  };
}
