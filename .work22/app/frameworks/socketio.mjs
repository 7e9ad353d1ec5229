// ESM socket.io server and clients, each client connected inside its own run.
import { botanuWorkflow } from '@botanu/agent';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import work from './socketio-work.cjs';

work.main({ Server, ioClient }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
