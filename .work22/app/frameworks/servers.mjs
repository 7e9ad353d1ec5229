// ESM app serving NestJS, hapi, restify, connect and hono routes, called inside one run.
import 'reflect-metadata';
import { botanuWorkflow } from '@botanu/agent';
import * as core from '@nestjs/core';
import * as common from '@nestjs/common';
import Hapi from '@hapi/hapi';
import restify from 'restify';
import connect from 'connect';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import work from './servers-work.cjs';

work.main({ nest: { core, common }, hapi: Hapi, restify, connect, hono: { Hono, serve } }, botanuWorkflow).catch((err) => {
  console.error('FAILED', err);
  process.exitCode = 1;
});
