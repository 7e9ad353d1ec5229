// Where the preload bundle's V8 code cache lives, and who may have written it.
// A code cache is compiled code that V8 runs without re-checking it against the
// source (it checks only the source's length), so: the file name carries the
// bundle's build hash, size and mtime, the Node version and the arch; a cache is
// only read from a directory that nobody but us (or root, or the bundle's own
// owner) can write; it is written atomically (temp file + rename). Tried in
// order: `<package>/.code-cache/` (next to dist/), then a per-user directory
// under os.tmpdir(); when neither is writable there is simply no cache.
// Nothing here logs or throws: every failure means "no cache".
import fs = require('node:fs');
import path = require('node:path');

const MAX_FILES = 8; // per directory: other Node versions, other builds
const SUFFIX = '.v8cache';

/** 32-bit FNV-1a, hex: a short, stable name for a string. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

export interface CodeCacheFile {
  data: Buffer;
  dir: string;
}

export class CodeCacheStore {
  private readonly name: string;
  private dirs: string[] | undefined;

  /**
   * `buildHash` is the bundle's content hash computed at build time; `nodeFlags` the
   * process's Node/V8 flags (V8 rejects a cache made under other flags, e.g. --jitless:
   * one file per flag set, instead of processes with different flags overwriting each other's).
   */
  constructor(
    private readonly pkgDir: string,
    private readonly bundle: fs.Stats,
    buildHash: string,
    nodeFlags: string,
  ) {
    this.name = `register-${process.version}-${process.arch}-${buildHash}-${bundle.size}-${Math.floor(bundle.mtimeMs)}-${fnv1a(nodeFlags)}${SUFFIX}`;
  }

  read(): CodeCacheFile | undefined {
    for (const dir of this.candidates()) {
      try {
        if (!this.trusted(dir)) continue;
        return { data: fs.readFileSync(path.join(dir, this.name)), dir };
      } catch {
        // no cache there
      }
    }
    return undefined;
  }

  /** Returns the directory written to, or undefined when none was writable. */
  write(data: Buffer): string | undefined {
    for (const [i, dir] of this.candidates().entries()) {
      const tmp = path.join(dir, `.${this.name}.${process.pid}.${Math.random().toString(36).slice(2)}`);
      try {
        // The package's own directory is as shared as the package; the one under tmp is ours alone.
        fs.mkdirSync(dir, { recursive: true, mode: i === 0 ? 0o755 : 0o700 });
        if (!this.trusted(dir)) continue;
        fs.writeFileSync(tmp, data, { flag: 'wx', mode: 0o644 });
        fs.renameSync(tmp, path.join(dir, this.name));
        this.prune(dir);
        return dir;
      } catch {
        try {
          fs.unlinkSync(tmp);
        } catch {
          /* never created */
        }
      }
    }
    return undefined;
  }

  private candidates(): string[] {
    if (this.dirs) return this.dirs;
    const dirs = [path.join(this.pkgDir, '.code-cache')];
    try {
      // Loaded only when the package's own directory had no cache.
      const os = require('node:os') as typeof import('node:os');
      const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
      dirs.push(path.join(os.tmpdir(), `botanu-agent-code-cache-${uid}`));
    } catch {
      /* no tmpdir */
    }
    return (this.dirs = dirs);
  }

  /** A real directory (no symlink), writable only by its owner, owned by us, root or the bundle's owner. */
  private trusted(dir: string): boolean {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (typeof process.getuid !== 'function') return true; // Windows: per-user temp, no POSIX modes
    if ((st.mode & 0o022) !== 0) return false;
    return st.uid === process.getuid() || st.uid === 0 || st.uid === this.bundle.uid;
  }

  /** Keeps the newest few caches: a directory shared by Node versions and agent builds stays small. */
  private prune(dir: string): void {
    try {
      const files = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(SUFFIX))
        .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }));
      if (files.length <= MAX_FILES) return;
      files.sort((a, b) => b.t - a.t);
      for (const { f } of files.slice(MAX_FILES)) fs.unlinkSync(path.join(dir, f));
    } catch {
      /* another process pruned first */
    }
  }
}
