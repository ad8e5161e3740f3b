import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SecretProtector } from './secret-protector';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a random key kept in a file (mode 0600) in the config directory. Used only when
 * there is no OS keyring and the user explicitly opted in after a warning.
 *
 * Why this is weaker than a keyring: the key lives on the same disk, readable by the same user, as the
 * data it protects. Any program running as the user, and anyone who gets a copy of the config
 * directory (a backup, a synced dotfiles folder, a stolen disk), gets both the key and the ciphertext.
 * A keyring keeps the key out of the file system and can tie it to the user's login. What the key file
 * still prevents: the password being readable in the store file itself (opened in an editor, pasted
 * into a bug report, or copied without the key file). File modes mean nothing on Windows.
 */
export class KeyFileProtector implements SecretProtector {
  readonly scheme = 'key-file' as const;
  readonly keyPath: string;
  private key: Buffer | null = null;

  constructor(configDir: string, fileName = 'connections.key') {
    this.keyPath = join(configDir, fileName);
  }

  get description(): string {
    return `a key file on this computer (${this.keyPath}), not an OS keyring`;
  }

  async seal(plain: string): Promise<string> {
    const key = this.loadKey(true);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  async open(sealed: string): Promise<{ plain: string; reseal: boolean }> {
    const key = this.loadKey(false);
    const raw = Buffer.from(sealed, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new Error('the encrypted password is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    // GCM authenticates: a changed ciphertext or a different key throws here instead of yielding junk.
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return { plain: plain.toString('utf8'), reseal: false };
  }

  private loadKey(create: boolean): Buffer {
    if (this.key) return this.key;
    let key: Buffer | null = null;
    try {
      key = readFileSync(this.keyPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      if (!create) throw new Error(`the key file ${this.keyPath} is missing`, { cause: e });
    }
    if (key === null) {
      key = randomBytes(KEY_BYTES);
      mkdirSync(join(this.keyPath, '..'), { recursive: true });
      // 'wx': never overwrite a key another writer created first, or its secrets could not be opened.
      writeFileSync(this.keyPath, key, { mode: 0o600, flag: 'wx' });
    }
    if (key.length !== KEY_BYTES) throw new Error(`the key file ${this.keyPath} is damaged`);
    // A key file that others can read protects nothing; tighten it if someone loosened the mode.
    if (process.platform !== 'win32' && (statSync(this.keyPath).mode & 0o077) !== 0)
      chmodSync(this.keyPath, 0o600);
    this.key = key;
    return key;
  }
}
