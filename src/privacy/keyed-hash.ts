/**
 * A keyed hash (HMAC-SHA256) for values that must be recognised again without being kept:
 * the `/join` lockout's chat, and the person a queued message's dedupe key names. The key is
 * never stored in the database, so a copy of it cannot be matched against known ids.
 * WebCrypto only: it runs on Node and on Workers.
 * @example const hash = createKeyedHash(await deriveHashKey(config)); await hash("telegram:123") // "3q2-7wE…"
 */
export type KeyedHash = (text: string) => Promise<string>;

/** 128 bits, base64url: short enough for a key column, far beyond any collision at our sizes. */
const HASH_BYTES = 16;

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function createKeyedHash(secret: string): KeyedHash {
  // Imported at the first hash, not at start: loading WebCrypto costs a start that hashes nothing.
  let key: ReturnType<typeof crypto.subtle.importKey> | null = null;
  const keyOnce = () => {
    key ??= crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return key;
  };
  return async (text) => {
    const mac = await crypto.subtle.sign("HMAC", await keyOnce(), new TextEncoder().encode(text));
    return base64url(new Uint8Array(mac).subarray(0, HASH_BYTES));
  };
}

/** Used when no messenger token is configured (only the terminal runs): nothing secret to key with. */
const UNKEYED = "glas: no messenger configured";

/**
 * The key: the messenger tokens the deployment already keeps secret (and outside the database).
 * Every process of one deployment (server, Workers, `glas` commands) has the same ones, so they
 * all compute the same hashes. A new token gives new hashes: lockouts start again.
 */
export function hashKeyFrom(config: { TELEGRAM_BOT_TOKEN?: string | undefined; VIBER_AUTH_TOKEN?: string | undefined }): string {
  const parts = [config.TELEGRAM_BOT_TOKEN, config.VIBER_AUTH_TOKEN].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? `glas\n${parts.join("\n")}` : UNKEYED;
}
