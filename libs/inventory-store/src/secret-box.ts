// Secrets sealed with AES-256-GCM. A key ring holds named 32-byte keys: the first seals, any can
// open, so keys rotate by putting a new key first, re-sealing (`inventory-store rekey`) and then
// dropping the old one. The sealed form is base64(iv ‖ tag ‖ ciphertext); the associated data binds
// a secret to its owner and name, so a sealed value copied onto another secret does not open.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { InventoryError } from "@ops/inventory-core";

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * Reads `id:base64key[,id:base64key...]` (the first key seals).
 * @throws InventoryError `INV_ERR_SECRET_KEY` naming the entry that is wrong
 */
export function parseSecretKeys(text: string): SecretKey[] {
  const keys = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry, index) => {
      const at = entry.indexOf(":");
      const id = at > 0 ? entry.slice(0, at) : "";
      const key = Buffer.from(at > 0 ? entry.slice(at + 1) : "", "base64");
      if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id) || key.length !== 32)
        throw new InventoryError(
          "INV_ERR_SECRET_KEY",
          `secret key ${index + 1} must be ID:BASE64 with an ID of letters, digits, _ . - and a 32-byte key`,
          { entry: index + 1 },
        );
      return { id, key };
    });
  if (keys.length === 0) throw new InventoryError("INV_ERR_SECRET_KEY", "no secret key is configured");
  if (new Set(keys.map((k) => k.id)).size !== keys.length)
    throw new InventoryError("INV_ERR_SECRET_KEY", "two secret keys have the same id");
  return keys;
}

export class SecretBox {
  constructor(private readonly keys: readonly SecretKey[]) {
    if (keys.length === 0) throw new InventoryError("INV_ERR_SECRET_KEY", "no secret key is configured");
  }

  /** The id of the key that seals. */
  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(plaintext: Buffer, associated: string): { keyId: string; sealed: string } {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    cipher.setAAD(Buffer.from(associated));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: id, sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64") };
  }

  open(keyId: string, sealed: string, associated: string): Buffer {
    const key = this.keys.find((candidate) => candidate.id === keyId);
    if (key === undefined)
      throw new InventoryError(
        "INV_ERR_SECRET_KEY",
        `the secret was sealed with key ${keyId}, which is not configured`,
        { keyId },
      );
    const bytes = Buffer.from(sealed, "base64");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(associated));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new InventoryError(
        "INV_ERR_SECRET_KEY",
        `the secret does not open with key ${keyId}: it was altered or moved`,
        { keyId },
      );
    }
  }
}
