import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
/** Where the packed agent is installed together with the fixture apps' libraries. */
export const APP_DIR = path.join(process.env.BOTANU_TEST_WORK ? path.resolve(process.env.BOTANU_TEST_WORK) : path.join(ROOT, '.work'), 'app');
export const FIXTURES = path.join(ROOT, 'fixtures');
