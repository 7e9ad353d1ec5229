// A path the WHATWG URL parser leaves exactly as it is: an absolute path of
// characters it neither escapes nor interprets (nothing of its percent-encode
// sets, no backslash, no tab or newline, nothing non-ASCII, no query or
// fragment), with no dot segment (`.`, `..`, or `%2e` anywhere) and not
// starting `//` (an authority). The http server and the undici client spans
// take such a path as their url.path without a URL object per request.
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const DOT_SEGMENT = /(?:^|\/)\.{1,2}(?:\/|$)|%2e/i;

export function isPlainPath(path: string): boolean {
  return PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path);
}
