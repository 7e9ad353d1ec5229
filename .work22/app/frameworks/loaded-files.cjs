// Prints which of the agent's separately bundled instrumentations (dist/lazy/) this
// process has loaded, after optionally requiring the libraries named on the command line.
for (const lib of process.argv.slice(2)) require(lib);
const lazy = Object.keys(require.cache).filter((f) => /[\\/]dist[\\/]lazy[\\/]/.test(f)).map((f) => f.split(/[\\/]/).pop()).sort();
console.log(JSON.stringify(lazy));
