const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** 58^5: five base-58 digits a limb (below 2^30, so a limb times 2^16 plus a carry stays exact in a double). */
const LIMB = 656_356_768;

/**
 * Base58 (Bitcoin alphabet) of `bytes`, as multibase `z` values carry it: each leading zero byte is a `1`.
 * Schoolbook conversion with limbs of five base-58 digits fed two bytes at a time (a 64-byte signature: ~600
 * steps instead of ~5,600 digit by digit).
 */
export function base58btc(bytes: Uint8Array): string {
  const limbs: number[] = [];
  const feed = (value: number, scale: number) => {
    let carry = value;
    for (let i = 0; i < limbs.length; i++) {
      const x = limbs[i]! * scale + carry;
      const low = x % LIMB;
      limbs[i] = low;
      carry = (x - low) / LIMB;
    }
    while (carry > 0) {
      const low = carry % LIMB;
      limbs.push(low);
      carry = (carry - low) / LIMB;
    }
  };
  let at = 0;
  if (bytes.length % 2 === 1) feed(bytes[at++]!, 256);
  for (; at < bytes.length; at += 2) feed(bytes[at]! * 256 + bytes[at + 1]!, 65_536);
  let digits = '';
  for (let i = limbs.length - 1; i >= 0; i--) {
    let limb = limbs[i]!;
    let five = '';
    for (let d = 0; d < 5; d++) {
      five = ALPHABET[limb % 58]! + five;
      limb = Math.floor(limb / 58);
    }
    digits += five;
  }
  // The top limb's leading zero digits are not digits of the number; leading zero bytes are '1's of their own.
  let start = 0;
  while (start < digits.length && digits[start] === ALPHABET[0]) start++;
  let zeros = '';
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) zeros += ALPHABET[0];
  return zeros + digits.slice(start);
}
