/** The most events (send times, ms) in any window [t, t + 1000): what a rate per second allows. */
export function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= 1000) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
