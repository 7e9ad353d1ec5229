// express 4 (installed apart, ./deps.json's app "express4") through ../app.cjs.
require('../app.cjs')(() => require('express'));
