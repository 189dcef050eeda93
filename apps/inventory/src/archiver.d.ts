// archiver 8 ships no types; this is the part of its API the bundles use.
declare module "archiver" {
  import type { Readable } from "node:stream";
  interface EntryData {
    name: string;
    mode?: number;
    date?: Date;
  }
  class Archiver extends Readable {
    append(source: string | Buffer, data: EntryData): this;
    finalize(): Promise<void>;
    abort(): this;
  }
  export class ZipArchive extends Archiver {
    constructor(options?: { zlib?: { level?: number } });
  }
}
