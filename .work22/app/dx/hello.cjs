// Loads express and ends: enough for the agent to print its startup summary.
require('express');
console.log('HELLO');
