// Encryption of what a respondent hands in, and its decryption on the
// analysis page, in the age v1 format (https://age-encryption.org/v1) with
// the reference JavaScript implementation (npm age-encryption, pinned,
// bundled: nothing is fetched at run time). Loaded only for a study with
// recipients (import('./age.js')): its ~26 KB gzip stay out of the
// questionnaire of a plain study. X25519 recipients only (age1...), which is
// what age 1.1.1 (Debian) makes and reads.
import { Encrypter, Decrypter, armor, generateIdentity, identityToRecipient } from 'age-encryption';

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';

// A new X25519 identity for the study designer: {identity: 'AGE-SECRET-KEY-1...',
// recipient: 'age1...'}. The identity stays in the caller's memory; the
// designer offers it as a key file (keyFileText) and never stores it.
export async function newIdentity() {
  const identity = await generateIdentity();
  return { identity, recipient: await identityToRecipient(identity) };
}

// The key file of an identity, as age-keygen writes it: comment lines with
// the time and the public key, then the secret key (age -d -i reads it).
export function keyFileText({ identity, recipient }, created = new Date()) {
  return `# created: ${created.toISOString().replace(/\.\d+Z$/, 'Z')}\n# public key: ${recipient}\n${identity}\n`;
}

// Whether `text` is an age X25519 recipient the library accepts (its
// bech32 checksum included).
export function isRecipient(text) {
  if (!/^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/.test(text)) return false;
  try {
    new Encrypter().addRecipient(text);
    return true;
  } catch {
    return false;
  }
}

// Encrypts `text` (UTF-8) to every recipient: {binary: Uint8Array (the .age
// file), armored: string (the same file ASCII-armored, for a chat)}.
export async function encryptText(recipients, text) {
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  const binary = await e.encrypt(text);
  return { binary, armored: armor.encode(binary) };
}

// Hands in an encrypted file ({name, binary, armored}, from encryptText):
//   'file'   downloaded as `name` (binary age) with the page's download()
//   'copy'   ASCII-armored to the clipboard, for a messenger chat
//   'share'  the armored file to the share sheet as `name`.txt, text/plain
//            (Android's share targets take that type, not .age)
// -> 'done', 'cancelled' (the share sheet closed), 'copy_failed' or
// 'share_failed'.
export async function handIn(how, { name, binary, armored, download }) {
  if (how === 'file') {
    download(name, binary, 'application/octet-stream');
    return 'done';
  }
  if (how === 'copy') {
    try {
      await navigator.clipboard.writeText(armored);
    } catch {
      return 'copy_failed';
    }
    return 'done';
  }
  try {
    await navigator.share({ files: [new File([armored], `${name}.txt`, { type: 'text/plain' })], title: name });
  } catch (err) {
    return err?.name === 'AbortError' ? 'cancelled' : 'share_failed';
  }
  return 'done';
}

// Decrypts an age file (binary or armored) with the identities: the
// plaintext bytes. Throws an Error with reason 'identity' (none of the keys
// opens it) or 'damaged' (broken armor or header, altered or cut payload).
export async function decryptBytes(identities, bytes) {
  let data = bytes;
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith(ARMOR_BEGIN)) {
    try {
      data = armor.decode(new TextDecoder().decode(bytes));
    } catch (err) {
      throw Object.assign(new Error(String(err?.message || err)), { reason: 'damaged' });
    }
  }
  const d = new Decrypter();
  for (const id of identities) d.addIdentity(id);
  try {
    return await d.decrypt(data);
  } catch (err) {
    // The library says "no identity matched any of the file's recipients"
    // when none of the keys opens the file; anything else is damage.
    const reason = /no identity matched/i.test(String(err?.message)) ? 'identity' : 'damaged';
    throw Object.assign(new Error(String(err?.message || err)), { reason });
  }
}
