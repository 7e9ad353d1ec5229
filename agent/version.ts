// Replaced at build time by esbuild from package.json.
declare const __BOTANU_AGENT_VERSION__: string;
export const AGENT_VERSION: string = typeof __BOTANU_AGENT_VERSION__ === 'string' ? __BOTANU_AGENT_VERSION__ : '0.0.0-dev';
