/** Viber signs every callback: hex HMAC-SHA256 of the raw body, keyed with the auth token. */
export const SIGNATURE_HEADER = "X-Viber-Content-Signature";

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export type SignatureVerifier = {
  /** True only for the exact signature of these bytes. */
  verify(body: Uint8Array, signature: string | undefined): Promise<boolean>;
};

/**
 * Checks `X-Viber-Content-Signature` with WebCrypto, so it runs on Node and Workers alike.
 * `crypto.subtle.verify` compares in constant time; only a malformed header (not 64 hex
 * digits) is refused before it, which says nothing about the key.
 */
export function createSignatureVerifier(token: string): SignatureVerifier {
  let key: ReturnType<typeof crypto.subtle.importKey> | null = null;
  const hmacKey = () => {
    key ??= crypto.subtle.importKey("raw", new TextEncoder().encode(token), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    return key;
  };
  return {
    async verify(body, signature) {
      const given = signature?.trim();
      if (!given || !SHA256_HEX.test(given)) return false;
      return crypto.subtle.verify("HMAC", await hmacKey(), fromHex(given), body);
    },
  };
}
