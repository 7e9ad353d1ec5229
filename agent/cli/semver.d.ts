// The two functions the CLI uses from semver 6 (it ships no types of its own).
declare module 'semver' {
  export function satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
  export function validRange(range: string): string | null;
}
