/**
 * The 256 recovery words: word N stands for byte value N. Written for RAIC,
 * not taken from BIP-39 or any other list. Every word is a common, concrete,
 * lowercase English word of 4 to 8 letters, and no two words share their
 * first four letters, so typing four letters always picks exactly one word.
 * The order is part of the key format: never reorder, add or replace a word,
 * or every saved recovery key would decode to different bytes.
 */
export const RECOVERY_WORDS: readonly string[] = Object.freeze([
  'actor', 'album', 'amber', 'anchor', 'angle', 'animal', 'answer', 'apple',
  'april', 'arrow', 'autumn', 'baby', 'bacon', 'badge', 'banana', 'basket',
  'beach', 'bench', 'berry', 'bird', 'blanket', 'blue', 'boat', 'bottle',
  'bowl', 'bread', 'bridge', 'butter', 'cabin', 'cactus', 'camera', 'candle',
  'canoe', 'carpet', 'carrot', 'castle', 'cave', 'chair', 'chalk', 'cheese',
  'cherry', 'chicken', 'circle', 'clock', 'cloud', 'coast', 'coffee', 'cotton',
  'crane', 'daisy', 'dance', 'deer', 'delta', 'desert', 'diamond', 'dinner',
  'donkey', 'door', 'dragon', 'dream', 'duck', 'eagle', 'earth', 'echo',
  'elbow', 'eleven', 'engine', 'escape', 'evening', 'falcon', 'family', 'farmer',
  'feather', 'fence', 'field', 'finger', 'flag', 'flower', 'flute', 'forest',
  'fridge', 'frog', 'fruit', 'galaxy', 'garden', 'garlic', 'giant', 'ginger',
  'glass', 'globe', 'glove', 'goat', 'gold', 'grape', 'guitar', 'hammer',
  'harbor', 'harvest', 'helmet', 'hill', 'honey', 'horizon', 'horse', 'hotel',
  'iceberg', 'idea', 'igloo', 'image', 'insect', 'iron', 'island', 'jacket',
  'jeans', 'jelly', 'jewel', 'journey', 'judge', 'juice', 'jungle', 'kayak',
  'kettle', 'kitchen', 'kiwi', 'knife', 'koala', 'ladder', 'lake', 'lamp',
  'laptop', 'lawn', 'leaf', 'lemon', 'letter', 'lily', 'lion', 'lunch',
  'magnet', 'mango', 'maple', 'marble', 'meadow', 'melon', 'metal', 'mirror',
  'monkey', 'moon', 'morning', 'motor', 'music', 'napkin', 'nature', 'needle',
  'nest', 'nickel', 'night', 'noodle', 'north', 'novel', 'oasis', 'ocean',
  'olive', 'onion', 'orange', 'orbit', 'otter', 'oven', 'oyster', 'palace',
  'panda', 'paper', 'parrot', 'pasta', 'peach', 'peanut', 'pencil', 'pepper',
  'piano', 'pillow', 'pilot', 'planet', 'plum', 'pocket', 'pony', 'potato',
  'puzzle', 'queen', 'quiet', 'quilt', 'rabbit', 'radio', 'rain', 'ribbon',
  'rice', 'river', 'robot', 'rocket', 'rose', 'ruby', 'salad', 'sand',
  'school', 'season', 'seed', 'shadow', 'shelf', 'ship', 'silver', 'sister',
  'snail', 'snow', 'sofa', 'soup', 'spider', 'spoon', 'stone', 'storm',
  'sugar', 'summer', 'swan', 'table', 'teapot', 'tennis', 'thunder', 'ticket',
  'tiger', 'toast', 'tomato', 'tower', 'tulip', 'tunnel', 'turtle', 'uncle',
  'unicorn', 'valley', 'vanilla', 'velvet', 'violin', 'volcano', 'voyage', 'wagon',
  'walnut', 'water', 'wheat', 'whistle', 'window', 'winter', 'wizard', 'wolf',
  'wool', 'yacht', 'yarn', 'yellow', 'yogurt', 'zebra', 'zero', 'zipper',
]);

/** Letters that identify a word on their own: the user may type just these. */
export const WORD_PREFIX_LENGTH = 4;

const indexByPrefix = new Map(RECOVERY_WORDS.map((word, index) => [word.slice(0, WORD_PREFIX_LENGTH), index]));

/**
 * The byte value of a typed word (already lowercase), or undefined when it is
 * not a recovery word. A word counts when it has at least the first four
 * letters and everything typed matches the list word: "tabl" and "table" give
 * the same byte, "tabel" is refused rather than silently read as "table".
 */
export function wordIndex(typed: string): number | undefined {
  if (typed.length < WORD_PREFIX_LENGTH) return undefined;
  const index = indexByPrefix.get(typed.slice(0, WORD_PREFIX_LENGTH));
  if (index === undefined) return undefined;
  return RECOVERY_WORDS[index].startsWith(typed) ? index : undefined;
}
