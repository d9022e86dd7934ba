/**
 * A streaming ZIP writer (PKWARE APPNOTE 6.3): entries are stored, not
 * compressed (photos and documents barely shrink, and storing costs no CPU),
 * written in one pass as their bytes arrive. A file's CRC-32 is only known at
 * its end, so each file's local header says "sizes follow" (flag bit 3) and a
 * data descriptor after the bytes carries them; the central directory at the
 * end repeats everything, which is what unzip tools read.
 *
 * ZIP64 is used where the classic 32-bit fields overflow: for a file of
 * 4 GiB or more (announced in its local header, so its descriptor has 8-byte
 * sizes), for an entry starting beyond 4 GiB, and for more than 65,535
 * entries or a central directory beyond 4 GiB (the ZIP64 end records).
 *
 * Memory: one central directory record per entry (about 100 bytes); the file
 * bytes pass through unchanged.
 */
import { crc32 } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;

const FLAG_SIZES_FOLLOW = 0x0008;
const FLAG_UTF8_NAME = 0x0800;
const VERSION_CLASSIC = 20;
const VERSION_ZIP64 = 45;
/** Made by: Unix (3), so the external attributes carry Unix modes. */
const MADE_BY = (3 << 8) | VERSION_ZIP64;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const ZIP64_EXTRA = 0x0001;
/** Info-ZIP's extended timestamp: the modification time in Unix seconds, UTC (DOS times are local and 2 s coarse). */
const TIMESTAMP_EXTRA = 0x5455;

export interface ZipEntryOptions {
  /** ms since the epoch; now when unknown. */
  modifiedAt?: number | null;
  /** The size the bytes will have; it decides whether the entry needs ZIP64 up front. */
  size: number;
  /** Accept fewer bytes than `size` (a source that failed part-way): the entry is then recorded with what came. */
  allowShort?: boolean;
}

interface CentralRecord {
  name: Buffer;
  folder: boolean;
  zip64: boolean;
  crc: number;
  size: number;
  offset: number;
  modifiedAt: number;
}

export interface ZipWriterOptions {
  /** Writes ZIP64 fields for every file, whatever its size (tests exercise the ZIP64 paths with small files). */
  forceZip64?: boolean;
}

export class ZipWriter {
  private offset = 0;
  private readonly records: CentralRecord[] = [];
  private readonly names = new Set<string>();
  private finished = false;

  constructor(private readonly options: ZipWriterOptions = {}) {}

  /** Bytes written so far. */
  get length(): number {
    return this.offset;
  }

  /** A folder entry ('a/b' becomes 'a/b/'). */
  folder(name: string, modifiedAt?: number | null): Uint8Array {
    const record = this.begin(`${name.replace(/\/+$/, '')}/`, true, false, modifiedAt);
    const header = this.localHeader(record, 0);
    this.records.push(record);
    return this.count(header);
  }

  /** A file entry: its local header, its bytes as `data` gives them, then its data descriptor. Throws if the bytes do not match the declared size. */
  async *file(name: string, data: AsyncIterable<Uint8Array>, options: ZipEntryOptions): AsyncGenerator<Uint8Array> {
    const zip64 = this.options.forceZip64 === true || options.size >= MAX32;
    const record = this.begin(name, false, zip64, options.modifiedAt);
    yield this.count(this.localHeader(record, FLAG_SIZES_FOLLOW));
    let crc = 0;
    let size = 0;
    for await (const chunk of data) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      yield this.count(chunk);
    }
    if (size !== options.size && !(options.allowShort && size < options.size)) throw new Error(`${name} gave ${size} bytes where ${options.size} were expected; the archive is incomplete.`);
    record.crc = crc;
    record.size = size;
    this.records.push(record);
    yield this.count(dataDescriptor(record));
  }

  /** The central directory and end records; nothing may be added afterwards. */
  finish(): Uint8Array {
    if (this.finished) throw new Error('The ZIP archive is already finished.');
    this.finished = true;
    const start = this.offset;
    const central = Buffer.concat(this.records.map((record) => centralHeader(record)));
    const parts: Buffer[] = [central];
    const entries = this.records.length;
    const needsZip64 = entries >= MAX16 || start >= MAX32 || central.length >= MAX32 || this.options.forceZip64 === true;
    if (needsZip64) {
      const zip64EndAt = start + central.length;
      const end64 = Buffer.alloc(56);
      end64.writeUInt32LE(ZIP64_END, 0);
      end64.writeBigUInt64LE(44n, 4); // size of the rest of this record
      end64.writeUInt16LE(MADE_BY, 12);
      end64.writeUInt16LE(VERSION_ZIP64, 14);
      end64.writeBigUInt64LE(BigInt(entries), 24);
      end64.writeBigUInt64LE(BigInt(entries), 32);
      end64.writeBigUInt64LE(BigInt(central.length), 40);
      end64.writeBigUInt64LE(BigInt(start), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(ZIP64_LOCATOR, 0);
      locator.writeBigUInt64LE(BigInt(zip64EndAt), 8);
      locator.writeUInt32LE(1, 16);
      parts.push(end64, locator);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(Math.min(entries, MAX16), 8);
    end.writeUInt16LE(Math.min(entries, MAX16), 10);
    end.writeUInt32LE(Math.min(central.length, MAX32), 12);
    end.writeUInt32LE(Math.min(start, MAX32), 16);
    parts.push(end);
    return this.count(Buffer.concat(parts));
  }

  private begin(name: string, folder: boolean, zip64: boolean, modifiedAt: number | null | undefined): CentralRecord {
    if (this.finished) throw new Error('The ZIP archive is already finished.');
    if (name === '' || name.startsWith('/') || name.split('/').some((part) => part === '..')) throw new Error(`"${name}" cannot be a name inside a ZIP archive (it must be relative, without ..).`);
    if (this.names.has(name)) throw new Error(`"${name}" is already in the archive.`);
    this.names.add(name);
    const encoded = Buffer.from(name, 'utf8');
    if (encoded.length > MAX16) throw new Error(`"${name.slice(0, 40)}…" is too long for a ZIP archive.`);
    return { name: encoded, folder, zip64, crc: 0, size: 0, offset: this.offset, modifiedAt: modifiedAt ?? Date.now() };
  }

  private localHeader(record: CentralRecord, flags: number): Buffer {
    const extras = [timestampExtra(record.modifiedAt)];
    // Sizes are 0 here and come in the descriptor; the ZIP64 field announces 8-byte sizes there.
    if (record.zip64) extras.push(extraField(ZIP64_EXTRA, [0n, 0n]));
    const extra = Buffer.concat(extras);
    const header = Buffer.alloc(30);
    const { time, date } = dosDateTime(record.modifiedAt);
    header.writeUInt32LE(LOCAL_HEADER, 0);
    header.writeUInt16LE(record.zip64 ? VERSION_ZIP64 : VERSION_CLASSIC, 4);
    header.writeUInt16LE(flags | FLAG_UTF8_NAME, 6);
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt32LE(0, 14);
    header.writeUInt32LE(record.zip64 ? MAX32 : 0, 18);
    header.writeUInt32LE(record.zip64 ? MAX32 : 0, 22);
    header.writeUInt16LE(record.name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    return Buffer.concat([header, record.name, extra]);
  }

  private count<T extends Uint8Array>(bytes: T): T {
    this.offset += bytes.length;
    return bytes;
  }
}

function dataDescriptor(record: CentralRecord): Buffer {
  const descriptor = Buffer.alloc(record.zip64 ? 24 : 16);
  descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
  descriptor.writeUInt32LE(record.crc, 4);
  if (record.zip64) {
    descriptor.writeBigUInt64LE(BigInt(record.size), 8);
    descriptor.writeBigUInt64LE(BigInt(record.size), 16);
  } else {
    descriptor.writeUInt32LE(record.size, 8);
    descriptor.writeUInt32LE(record.size, 12);
  }
  return descriptor;
}

function centralHeader(record: CentralRecord): Buffer {
  // In the central directory a field overflows to the ZIP64 extra only when it must (or the entry was announced as ZIP64).
  const bigSize = record.zip64 || record.size >= MAX32;
  const bigOffset = record.offset >= MAX32;
  const zip64Values: bigint[] = [];
  if (bigSize) zip64Values.push(BigInt(record.size), BigInt(record.size));
  if (bigOffset) zip64Values.push(BigInt(record.offset));
  const extra = Buffer.concat([timestampExtra(record.modifiedAt), ...(zip64Values.length > 0 ? [extraField(ZIP64_EXTRA, zip64Values)] : [])]);
  const header = Buffer.alloc(46);
  const { time, date } = dosDateTime(record.modifiedAt);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(MADE_BY, 4);
  header.writeUInt16LE(zip64Values.length > 0 ? VERSION_ZIP64 : VERSION_CLASSIC, 6);
  header.writeUInt16LE((record.folder ? 0 : FLAG_SIZES_FOLLOW) | FLAG_UTF8_NAME, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt16LE(time, 12);
  header.writeUInt16LE(date, 14);
  header.writeUInt32LE(record.crc, 16);
  header.writeUInt32LE(bigSize ? MAX32 : record.size, 20);
  header.writeUInt32LE(bigSize ? MAX32 : record.size, 24);
  header.writeUInt16LE(record.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // comment length, disk number, internal attributes: 0
  const mode = record.folder ? 0o040755 : 0o100644;
  header.writeUInt32LE(((mode << 16) | (record.folder ? 0x10 : 0)) >>> 0, 38);
  header.writeUInt32LE(bigOffset ? MAX32 : record.offset, 42);
  return Buffer.concat([header, record.name, extra]);
}

function extraField(tag: number, values: bigint[]): Buffer {
  const field = Buffer.alloc(4 + 8 * values.length);
  field.writeUInt16LE(tag, 0);
  field.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, index) => field.writeBigUInt64LE(value, 4 + 8 * index));
  return field;
}

function timestampExtra(modifiedAt: number): Buffer {
  const field = Buffer.alloc(9);
  field.writeUInt16LE(TIMESTAMP_EXTRA, 0);
  field.writeUInt16LE(5, 2);
  field.writeUInt8(1, 4); // modification time present
  field.writeUInt32LE(Math.max(0, Math.min(MAX32, Math.floor(modifiedAt / 1000))), 5);
  return field;
}

/** MS-DOS date and time (local time, 2-second steps, 1980–2107), as ZIP's classic fields want them. */
function dosDateTime(ms: number): { time: number; date: number } {
  const at = new Date(ms);
  const year = at.getFullYear();
  if (year < 1980) return { time: 0, date: (0 << 9) | (1 << 5) | 1 };
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}
