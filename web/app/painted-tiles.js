// The tiles the worker painted lately, to show again without decoding or painting when the map comes back to them
// (a zoom out after a zoom in, a pan back). A tile is known by everything its pixels depend on, its source tiles'
// ETags among them: the worker revalidates every source tile before it looks here, so a write (a new ETag) is never
// shown from here. Bounded by bytes, the least recently shown going first.

const budgetBytes = 64 * 2 ** 20;

const textBytes = (list) => list.reduce((sum, v) => sum + (typeof v === 'string' ? 2 * v.length : 8), 0);

/** What an entry holds, in bytes: its pixels, its layers' arrays and texts, its key. */
export const bytesOf = (key, { canvas, layers }) => 2 * key.length + canvas.width * canvas.height * 4
  + layers.reduce((sum, l) => sum + textBytes(l.keys) + textBytes(l.values) + textBytes(l.dashList)
    + [l.types, l.coords, l.lines, l.parts, l.tags, l.tagStarts, l.dashes].reduce((s, a) => s + a.byteLength, 0), 0);

export class PaintedTiles {
  constructor(budget = budgetBytes) {
    this.budget = budget;
    this.entries = new Map();
    this.bytes = 0;
  }

  /**
   * The key of a canvas tile, or null when a source tile came without an ETag (nothing would tell a change).
   * `fetched[i]` is source i's `{ etag }` (a 204 counts by its ETag too).
   */
  static keyOf({ collections, size, ratio, sources, indicative, symbols }, fetched) {
    if (fetched.some((f) => !f.etag)) return null;
    return JSON.stringify([collections, size, ratio, indicative, symbols, sources.map((s, i) => [s.url, fetched[i].etag, s.offset, s.corners, s.clip])]);
  }

  /** `{ canvas, layers }` painted for the key, now the most recently shown; or undefined. */
  get(key) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Keeps a painted tile, and says whether it did; one with nothing to draw (canvas null) is not worth keeping:
   * nothing is painted for it.
   */
  put(key, entry) {
    if (key === null || !entry.canvas || this.entries.has(key)) return false;
    const bytes = bytesOf(key, entry);
    if (bytes > this.budget) return false;
    this.entries.set(key, { ...entry, bytes });
    this.bytes += bytes;
    for (const [oldest, { bytes: size }] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(oldest);
      this.bytes -= size;
    }
    return true;
  }
}
