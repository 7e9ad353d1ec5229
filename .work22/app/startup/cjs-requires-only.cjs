// A CommonJS app that only require()s (express's own dependencies include one
// require(esm)): no ES-module graph is left linking, so the agent's ESM watcher
// must not stay on the resolve chain, where it would tax every require().
const express = require('express');
const pg = require('pg');

const state = globalThis[Symbol.for('botanu.agent.esm-watch')];
console.log(`LOADED ${typeof express} ${typeof pg.Client} watcher=${typeof state === 'function' ? state() : 'none'}`);
