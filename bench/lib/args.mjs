// Command-line options of the bench tools: `--name value` pairs and `--name`
// flags taken out of argv (what is left are the positional arguments).

/** The value after `--name` in `argv`, removed from it with its flag; `dflt` when absent. */
export function takeOption(argv, name, dflt) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv.splice(i, 2)[1] : dflt;
}

/** Whether the flag `--name` is in `argv` (removed from it). */
export function takeFlag(argv, name) {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) argv.splice(i, 1);
  return i >= 0;
}
