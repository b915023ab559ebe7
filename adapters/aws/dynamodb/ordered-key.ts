/**
 * Names in sort keys, encoded so DynamoDB's order is JS code-unit order (what the ports promise).
 *
 * DynamoDB compares string keys as UTF-8 bytes, i.e. by code point
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.String).
 * That is code-unit order except for surrogates: an emoji (D83D DE00 in UTF-16) sorts before
 * U+FF01 by code unit but after it by code point, and a lone surrogate has no UTF-8 at all. So:
 *
 * - U+0003..U+D7FF stand for themselves: keys stay readable (ASCII, accents, CJK);
 * - U+0000..U+0002 become U+0002 followed by '0'..'2', freeing U+0001 to end a name
 *   (KEY_SEPARATOR sorts below every encoded unit, so a store sorts before its extensions);
 * - U+D800..U+FFFF become a lead in U+E000..U+E09F and one ASCII unit (0x40-0x7F), 64 per lead.
 *
 * Each unit's code is a sequence of code points no other unit's code starts with, and codes
 * compare (in UTF-8 and in UTF-16 alike, as no code holds a surrogate) as their units do; so
 * encoded names compare as the names do. A unit takes at most 4 UTF-8 bytes: a 100-unit name
 * at most 400, so store and item fit one 1024-byte sort key.
 */
export const KEY_SEPARATOR = '\u0001';

const LOW_LEAD = '\u0002';
const HIGH_FROM = 0xd800;
const HIGH_LEAD = 0xe000;
const HIGH_TAIL = 0x40;

export const orderedKey = (name: string): string => {
  let out = '';
  for (let i = 0; i < name.length; i += 1) {
    const unit = name.charCodeAt(i);
    if (unit < 0x03) out += LOW_LEAD + String.fromCharCode(0x30 + unit);
    else if (unit < HIGH_FROM) out += name.charAt(i);
    else {
      const offset = unit - HIGH_FROM;
      out += String.fromCharCode(HIGH_LEAD + (offset >> 6), HIGH_TAIL + (offset & 0x3f));
    }
  }
  return out;
};
