// express 5 (fixtures/package.json) through ./app.cjs.
require('./app.cjs')(() => require('express'));
