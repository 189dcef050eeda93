// A POSIX (ustar) tar stream, gzipped, for bundles of many small files: archiver and tar-stream
// spend about 70 µs of bookkeeping per entry, most of the time of a 10,000-host bundle; here an
// entry is one 512-byte header, the content and its padding. Names longer than ustar's fields get
// a PAX `path` record, as GNU tar and Python's tarfile read them.
import { once } from "node:events";
import { createGzip, type Gzip } from "node:zlib";

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(name: string, size: number, mode: number, mtime: Date, type: "0" | "x"): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, "utf8");
  block.write(octal(mode & 0o7777, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii"); // uid
  block.write(octal(0, 8), 116, "ascii"); // gid
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, "ascii");
  block.write("        ", 148, "ascii"); // the checksum counts itself as spaces
  block.write(type, 156, "ascii");
  block.write("ustar\u000000", 257, "ascii");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** A PAX extended header record: "<length> path=<name>\n", the length counting itself. */
function paxPath(name: string): Buffer {
  const body = ` path=${name}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length++;
  return Buffer.from(`${length}${body}`);
}

export class TarGzWriter {
  /** The .tgz bytes, to pipe to a response. */
  readonly output: Gzip;

  constructor(level = 1) {
    this.output = createGzip({ level });
  }

  private async write(chunk: Buffer): Promise<void> {
    if (!this.output.write(chunk)) await once(this.output, "drain");
  }

  async add(name: string, content: string | Buffer, mode = 0o644, mtime = new Date()): Promise<void> {
    const data = typeof content === "string" ? Buffer.from(content) : content;
    if (Buffer.byteLength(name) > 100) {
      const pax = paxPath(name);
      await this.write(
        Buffer.concat([header("PaxHeader", pax.length, 0o644, mtime, "x"), pax, padding(pax.length)]),
      );
    }
    await this.write(
      Buffer.concat([header(name, data.length, mode, mtime, "0"), data, padding(data.length)]),
    );
  }

  async end(): Promise<void> {
    this.output.end(Buffer.alloc(2 * BLOCK));
    await once(this.output, "finish");
  }
}
