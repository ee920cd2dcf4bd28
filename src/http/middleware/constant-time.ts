const encoder = new TextEncoder();

/**
 * Whether `given` equals `expected`, taking the same time wherever they differ: every byte of
 * `expected` is compared. Only the length can show, and a secret's length is no secret.
 */
export function constantTimeEqual(expected: string, given: string): boolean {
  const a = encoder.encode(expected);
  const b = encoder.encode(given);
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
